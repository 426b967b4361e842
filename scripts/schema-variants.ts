// Text transformations of prisma/schema.prisma. Prisma keeps one provider per schema, so the
// PostgreSQL client and migrations come from a copy that differs only in its datasource.

export type Provider = 'sqlite' | 'postgresql';

const DATASOURCE = /datasource db \{[^}]*\}/;
const GENERATOR = /generator client \{[^}]*\}/;

export function schemaFor(schema: string, provider: Provider, output: string): string {
  const url = provider === 'sqlite' ? 'file:./gatehouse.db' : 'postgresql://localhost/gatehouse';
  return schema
    .replace(DATASOURCE, `datasource db {\n  provider = "${provider}"\n  url      = "${url}"\n}`)
    .replace(GENERATOR, `generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n  output     = "${output}"\n}`);
}

// Gatehouse's migration ledger (src/db/migration-connection.ts creates it, in exactly this shape).
// Gatehouse's own client never reads it, so it is declared only in the host's copy: there it
// makes the ledger part of the host's schema, and the host's Prisma tools keep it.
const LEDGER_MODEL = `
/// Gatehouse's migration ledger: which of its migrations (and of yours, as \`host:<name>\`) are
/// applied. Gatehouse writes it; declared here so that your Prisma tools keep the table.
model GatehouseMigration {
  name      String @id
  appliedAt String @map("applied_at")

  @@map("_gatehouse_migrations")
}
`;

/** The models and enums alone, for a host app's multi-file schema (it has its own datasource). */
export function modelsOnly(schema: string): string {
  return `${schema.replace(DATASOURCE, '').replace(GENERATOR, '').replace(/\n{3,}/g, '\n\n').trimEnd()}\n${LEDGER_MODEL}`;
}
