// The published package.json is this repository's without what only the repository uses:
// `npm pack` runs `strip` last in prepack and `restore` in postpack. The scripts go (a `prepare`
// script in an installed package would try to generate Prisma clients with tools it does not
// ship) and so do the devDependencies. The original is kept beside it until restored, and a strip
// after an interrupted pack restores it first, so the repository's manifest is never lost.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'package.json');
const kept = join(root, '.package.json.repository');

/** The repository's manifest minus its scripts and devDependencies. */
export function publishedManifest(repository: Record<string, unknown>): Record<string, unknown> {
  const { scripts: _scripts, devDependencies: _devDependencies, ...published } = repository;
  return published;
}

function restore(): void {
  if (existsSync(kept)) renameSync(kept, manifest);
}

const command = process.argv[2];
if (command === 'strip') {
  restore();
  const text = readFileSync(manifest, 'utf8');
  writeFileSync(kept, text);
  writeFileSync(manifest, `${JSON.stringify(publishedManifest(JSON.parse(text) as Record<string, unknown>), null, 2)}\n`);
} else if (command === 'restore') {
  restore();
} else {
  console.error('usage: tsx scripts/publish-manifest.ts strip|restore');
  process.exit(2);
}
