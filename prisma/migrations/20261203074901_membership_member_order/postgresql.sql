-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "memberFirstNameSearch" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "memberLastNameSearch" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Membership_member_order_idx" ON "Membership"("organizationId", "memberLastNameSearch", "memberFirstNameSearch", "userId", "roleId", "expiresAt");


-- Written by hand (Prisma has no triggers): each membership carries its member's two name columns,
-- so that one organisation's members come in the user list's order from Membership_member_order_idx
-- alone (src/users/search-sql.ts, docs/search.md). The triggers keep the copies equal to User's in
-- the same transaction as the change; the services never write them.
UPDATE "Membership" m SET "memberLastNameSearch" = u."lastNameSearch", "memberFirstNameSearch" = u."firstNameSearch"
  FROM "User" u WHERE u."id" = m."userId";

-- Each function keeps the search path it was created with: Prisma names its tables with their
-- schema and may run on a connection whose search path does not reach them.
CREATE FUNCTION "membership_member_order"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  SELECT u."lastNameSearch", u."firstNameSearch" INTO NEW."memberLastNameSearch", NEW."memberFirstNameSearch"
    FROM "User" u WHERE u."id" = NEW."userId";
  -- A membership written before its user (foreign keys checked at commit; Gatehouse never does) is
  -- left without names rather than refused.
  NEW."memberLastNameSearch" := COALESCE(NEW."memberLastNameSearch", '');
  NEW."memberFirstNameSearch" := COALESCE(NEW."memberFirstNameSearch", '');
  RETURN NEW;
END $$;

CREATE TRIGGER "Membership_member_order" BEFORE INSERT OR UPDATE OF "userId", "memberLastNameSearch", "memberFirstNameSearch" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION "membership_member_order"();

CREATE FUNCTION "user_member_order"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  UPDATE "Membership" SET "memberLastNameSearch" = NEW."lastNameSearch", "memberFirstNameSearch" = NEW."firstNameSearch"
    WHERE "userId" = NEW."id";
  RETURN NULL;
END $$;

-- Only a change of a name re-orders the user's memberships: sign-ins, locks and status changes do not.
CREATE TRIGGER "User_member_order_update" AFTER UPDATE OF "firstNameSearch", "lastNameSearch" ON "User"
  FOR EACH ROW WHEN (OLD."firstNameSearch" IS DISTINCT FROM NEW."firstNameSearch" OR OLD."lastNameSearch" IS DISTINCT FROM NEW."lastNameSearch")
  EXECUTE FUNCTION "user_member_order"();
