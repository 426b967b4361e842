// `npm run db:migration -- <name>`: writes the next migration for both databases from the change
// in prisma/schema.prisma since the last migration. `prisma migrate dev` does not work with the
// JavaScript engine (docs/stack.md), and `migrate diff` needs no database at all.
// Each migration is one folder holding the schema it leads to and the SQL for each provider, so
// the two providers can never drift apart.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Provider, schemaFor } from './schema-variants.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const migrationsDir = join(root, 'prisma', 'migrations');
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');

const name = (process.argv[2] ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}

const current = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8');
mkdirSync(migrationsDir, { recursive: true });
const last = readdirSync(migrationsDir).filter((d) => /^\d{14}_/.test(d)).sort().at(-1);
const previous = last ? readFileSync(join(migrationsDir, last, 'schema.prisma'), 'utf8') : null;
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-migration-'));

function diff(provider: Provider): string {
  const to = join(scratch, `to-${provider}.prisma`);
  writeFileSync(to, schemaFor(current, provider, './client'));
  const from = ['--from-empty'];
  if (previous !== null) {
    const file = join(scratch, `from-${provider}.prisma`);
    writeFileSync(file, schemaFor(previous, provider, './client'));
    from.splice(0, 1, '--from-schema-datamodel', file);
  }
  return execFileSync(process.execPath, [prismaCli, 'migrate', 'diff', ...from, '--to-schema-datamodel', to, '--script'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const sql = { sqlite: diff('sqlite'), postgresql: diff('postgresql') };
if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE)\b/.test(sql.sqlite)) {
  console.log('db:migration: the schema has not changed since the last migration; nothing written');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(folder);
writeFileSync(join(folder, 'schema.prisma'), current);
writeFileSync(join(folder, 'sqlite.sql'), sql.sqlite);
writeFileSync(join(folder, 'postgresql.sql'), sql.postgresql);
console.log(`db:migration: wrote ${folder}`);
