// Generates everything derived from prisma/schema.prisma, offline (docs/stack.md):
// - one Prisma client per provider (a generated client is bound to one provider),
// - the full DMMF that @adminjs/prisma needs (the runtime one of engineType "client" is trimmed),
// - a provider-free copy of the models for host apps that merge them into their own schema,
// - the example host app's client (examples/host-app).
// Runs at `npm ci` (prepare) and whenever the schema changes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import internals from '@prisma/internals';
import { modelsOnly, schemaFor } from './schema-variants.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'prisma', 'schema.prisma');
const out = join(root, 'generated');
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');

const started = performance.now();
const schema = readFileSync(source, 'utf8');
mkdirSync(join(out, 'schema'), { recursive: true });

for (const provider of ['sqlite', 'postgresql'] as const) {
  const file = join(out, 'schema', `${provider}.prisma`);
  writeFileSync(file, schemaFor(schema, provider, `../${provider}`));
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', file, '--no-hints'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}

const dmmf = await internals.getDMMF({ datamodel: schema });
writeFileSync(join(out, 'dmmf.json'), JSON.stringify(dmmf.datamodel));
writeFileSync(join(out, 'gatehouse.prisma'), modelsOnly(schema));
// The example host app's client: its own models beside Gatehouse's, in one multi-file schema,
// exactly as the README tells a host to set it up.
const hostSchema = join(root, 'examples', 'host-app', 'prisma', 'schema');
writeFileSync(join(hostSchema, 'gatehouse.prisma'), modelsOnly(schema));
execFileSync(process.execPath, [prismaCli, 'generate', '--schema', hostSchema, '--no-hints'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});

console.log(`prisma: generated clients (sqlite, postgresql) and DMMF in ${Math.round(performance.now() - started)} ms`);
