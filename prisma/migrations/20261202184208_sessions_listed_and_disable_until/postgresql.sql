-- AlterTable
ALTER TABLE "User" ADD COLUMN     "disabledReason" TEXT,
ADD COLUMN     "disabledUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "ip" TEXT,
ADD COLUMN     "lastSeenAt" TIMESTAMP(3),
ADD COLUMN     "userAgent" TEXT,
ADD COLUMN     "userId" TEXT;

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");


-- Sessions opened before this migration: their user comes from the record itself.
UPDATE "Session" SET "userId" = ("data"::jsonb ->> 'userId') WHERE "data" LIKE '{%' AND ("data"::jsonb ->> 'userId') IS NOT NULL;
