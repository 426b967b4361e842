-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "isOwner" BOOLEAN,
    "uniqueRoleId" TEXT,
    "disabledRights" TEXT NOT NULL DEFAULT '[]',
    "scope" TEXT,
    "expiresAt" DATETIME,
    "expiryNoticeSentAt" DATETIME,
    "expiryRecordedAt" DATETIME,
    "memberLastNameSearch" TEXT NOT NULL DEFAULT '',
    "memberFirstNameSearch" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Membership" ("createdAt", "disabledRights", "expiresAt", "expiryNoticeSentAt", "expiryRecordedAt", "id", "isOwner", "organizationId", "roleId", "scope", "uniqueRoleId", "userId") SELECT "createdAt", "disabledRights", "expiresAt", "expiryNoticeSentAt", "expiryRecordedAt", "id", "isOwner", "organizationId", "roleId", "scope", "uniqueRoleId", "userId" FROM "Membership";
DROP TABLE "Membership";
ALTER TABLE "new_Membership" RENAME TO "Membership";
CREATE INDEX "Membership_organizationId_roleId_idx" ON "Membership"("organizationId", "roleId");
CREATE INDEX "Membership_organizationId_userId_idx" ON "Membership"("organizationId", "userId");
CREATE INDEX "Membership_member_order_idx" ON "Membership"("organizationId", "memberLastNameSearch", "memberFirstNameSearch", "userId", "roleId", "expiresAt");
CREATE INDEX "Membership_roleId_idx" ON "Membership"("roleId");
CREATE UNIQUE INDEX "Membership_userId_organizationId_key" ON "Membership"("userId", "organizationId");
CREATE UNIQUE INDEX "Membership_organizationId_isOwner_key" ON "Membership"("organizationId", "isOwner");
CREATE UNIQUE INDEX "Membership_organizationId_uniqueRoleId_key" ON "Membership"("organizationId", "uniqueRoleId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Written by hand (Prisma has no triggers): each membership carries its member's two name columns,
-- so that one organisation's members come in the user list's order from Membership_member_order_idx
-- alone (src/users/search-sql.ts, docs/search.md). The triggers keep the copies equal to User's in
-- the same transaction as the change; the services never write them. A later migration that
-- rebuilds "User" or "Membership" (Prisma's RedefineTables) drops that table's triggers with it and
-- must create them again, as the full-text triggers of 20261202200000_user_search_fts say too.
UPDATE "Membership" SET
  "memberLastNameSearch" = (SELECT u."lastNameSearch" FROM "User" u WHERE u."id" = "Membership"."userId"),
  "memberFirstNameSearch" = (SELECT u."firstNameSearch" FROM "User" u WHERE u."id" = "Membership"."userId");

CREATE TRIGGER "Membership_member_order_insert" AFTER INSERT ON "Membership" BEGIN
  UPDATE "Membership" SET
    "memberLastNameSearch" = COALESCE((SELECT u."lastNameSearch" FROM "User" u WHERE u."id" = new."userId"), ''),
    "memberFirstNameSearch" = COALESCE((SELECT u."firstNameSearch" FROM "User" u WHERE u."id" = new."userId"), '')
  WHERE "id" = new."id";
END;

CREATE TRIGGER "Membership_member_order_move" AFTER UPDATE OF "userId", "memberLastNameSearch", "memberFirstNameSearch" ON "Membership" BEGIN
  UPDATE "Membership" SET
    "memberLastNameSearch" = COALESCE((SELECT u."lastNameSearch" FROM "User" u WHERE u."id" = new."userId"), ''),
    "memberFirstNameSearch" = COALESCE((SELECT u."firstNameSearch" FROM "User" u WHERE u."id" = new."userId"), '')
  WHERE "id" = new."id";
END;

-- Only a change of a name re-orders the user's memberships: sign-ins, locks and status changes do not.
CREATE TRIGGER "User_member_order_update" AFTER UPDATE OF "firstNameSearch", "lastNameSearch" ON "User" BEGIN
  UPDATE "Membership" SET "memberLastNameSearch" = new."lastNameSearch", "memberFirstNameSearch" = new."firstNameSearch"
  WHERE "userId" = new."id";
END;
