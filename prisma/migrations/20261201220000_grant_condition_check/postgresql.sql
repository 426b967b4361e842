-- Written by hand (Prisma's schema language has no CHECK constraints): a policy grant's condition
-- is NULL, 'own' or 'scoped', nothing else. The code decodes unknown values as "no grant"
-- (src/authz/grant-codec.ts); this makes the database refuse to store them at all.
-- Rows that already carry an unknown condition grant nothing today and are dropped.
DELETE FROM "PolicyGrant" WHERE "condition" IS NOT NULL AND "condition" NOT IN ('own', 'scoped');
ALTER TABLE "PolicyGrant" ADD CONSTRAINT "PolicyGrant_condition_check" CHECK ("condition" IS NULL OR "condition" IN ('own', 'scoped'));
