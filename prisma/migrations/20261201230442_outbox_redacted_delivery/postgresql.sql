-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedUntil" TIMESTAMP(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "sealed" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "tokenId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_tokenId_idx" ON "OutboxMessage"("tokenId");


-- R-OUTBOX-1: messages stored before this migration hold live tokens and codes in clear. Their
-- text cannot be redacted piecewise in SQL on both databases, so it is dropped; they count as sent.
UPDATE "OutboxMessage" SET "text" = '[redacted: stored before messages were redacted]', "status" = 'SENT';
UPDATE "OutboxMessage" SET "subject" = 'Your sign-in code' WHERE "kind" = 'sign-in-code';
