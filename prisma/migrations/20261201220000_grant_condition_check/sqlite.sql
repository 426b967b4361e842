-- Written by hand (Prisma's schema language has no CHECK constraints): a policy grant's condition
-- is NULL, 'own' or 'scoped', nothing else. The code decodes unknown values as "no grant"
-- (src/authz/grant-codec.ts); this makes the database refuse to store them at all.
-- Rows that already carry an unknown condition grant nothing today and are dropped.
-- SQLite cannot add a CHECK to an existing table: the table is rebuilt, as Prisma itself does.
PRAGMA defer_foreign_keys=ON;
CREATE TABLE "new_PolicyGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "policyId" TEXT NOT NULL,
    "permission" TEXT NOT NULL,
    "condition" TEXT,
    CONSTRAINT "PolicyGrant_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "PermissionPolicy" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PolicyGrant_condition_check" CHECK ("condition" IS NULL OR "condition" IN ('own', 'scoped'))
);
INSERT INTO "new_PolicyGrant" ("id", "policyId", "permission", "condition")
  SELECT "id", "policyId", "permission", "condition" FROM "PolicyGrant"
  WHERE "condition" IS NULL OR "condition" IN ('own', 'scoped');
DROP TABLE "PolicyGrant";
ALTER TABLE "new_PolicyGrant" RENAME TO "PolicyGrant";
CREATE UNIQUE INDEX "PolicyGrant_policyId_permission_key" ON "PolicyGrant"("policyId", "permission");
