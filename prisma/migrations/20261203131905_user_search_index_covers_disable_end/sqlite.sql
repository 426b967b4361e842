-- The "enabled" filter reads a disable's end (R-STATE-2): held in the search index, PostgreSQL walks
-- the index alone (an index-only scan) instead of reading every walked row from the table.

-- DropIndex
DROP INDEX "User_search_idx";

-- CreateIndex
CREATE INDEX "User_search_idx" ON "User"("lastNameSearch", "firstNameSearch", "id", "username", "email", "status", "lockedUntil", "disabledUntil");

