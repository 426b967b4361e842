-- DropIndex
DROP INDEX "User_lastNameSearch_idx";

-- DropIndex
DROP INDEX "User_lastNameSearch_firstNameSearch_idx";

-- CreateIndex
CREATE INDEX "User_search_idx" ON "User"("lastNameSearch", "firstNameSearch", "id", "username", "email", "status", "lockedUntil");

-- CreateIndex
CREATE INDEX "Membership_organizationId_userId_idx" ON "Membership"("organizationId", "userId");

