-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "kind" TEXT NOT NULL,
    "tokenId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "sealed" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "error" TEXT
);
INSERT INTO "new_OutboxMessage" ("createdAt", "error", "html", "id", "kind", "sentAt", "subject", "text", "to") SELECT "createdAt", "error", "html", "id", "kind", "sentAt", "subject", "text", "to" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_to_createdAt_idx" ON "OutboxMessage"("to", "createdAt");
CREATE INDEX "OutboxMessage_createdAt_idx" ON "OutboxMessage"("createdAt");
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
CREATE INDEX "OutboxMessage_tokenId_idx" ON "OutboxMessage"("tokenId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- R-OUTBOX-1: messages stored before this migration hold live tokens and codes in clear. Their
-- text cannot be redacted piecewise in SQL on both databases, so it is dropped; they count as sent.
UPDATE "OutboxMessage" SET "text" = '[redacted: stored before messages were redacted]', "status" = 'SENT';
UPDATE "OutboxMessage" SET "subject" = 'Your sign-in code' WHERE "kind" = 'sign-in-code';
