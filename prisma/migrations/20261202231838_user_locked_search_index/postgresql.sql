-- CreateIndex
CREATE INDEX "User_locked_search_idx" ON "User"("lockedUntil", "lastNameSearch", "firstNameSearch", "id", "username", "email", "status", "disabledUntil");

