-- DropIndex
DROP INDEX "User_lastNameSearch_idx";

-- DropIndex
DROP INDEX "User_lastNameSearch_firstNameSearch_idx";

-- CreateIndex
CREATE INDEX "User_search_idx" ON "User"("lastNameSearch", "firstNameSearch", "id", "username", "email", "status", "lockedUntil");

-- CreateIndex
CREATE INDEX "Membership_organizationId_userId_idx" ON "Membership"("organizationId", "userId");


-- Written by hand (Prisma's schema cannot express these on both providers): trigram GIN indexes
-- for the user search's partial matching (LIKE '%…%' on the lower-cased columns, src/users/search.ts).
-- Patterns of three characters or more are answered from these; shorter ones fall back to a scan.
-- pg_trgm ships with PostgreSQL's contrib and is a trusted extension (PostgreSQL 13+): a role with
-- CREATE on the database may install it, no superuser needed (older servers: a superuser installs
-- it once, and this statement is then a no-op). It is installed once per database in `public`, not
-- in Gatehouse's schema, so that dropping one Gatehouse schema cannot drop it from under another;
-- the operator class is looked up where the extension actually lives.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

DO $$
DECLARE
  trgm_ops text := (SELECT quote_ident(n.nspname) || '.gin_trgm_ops' FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX "User_username_trgm_idx" ON "User" USING gin ("username" %s)', trgm_ops);
  EXECUTE format('CREATE INDEX "User_email_trgm_idx" ON "User" USING gin ("email" %s)', trgm_ops);
  EXECUTE format('CREATE INDEX "User_firstNameSearch_trgm_idx" ON "User" USING gin ("firstNameSearch" %s)', trgm_ops);
  EXECUTE format('CREATE INDEX "User_lastNameSearch_trgm_idx" ON "User" USING gin ("lastNameSearch" %s)', trgm_ops);
END
$$;
