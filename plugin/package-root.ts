// Where Gatehouse's own files are, whether it runs from its TypeScript sources (plugin/*.ts), from
// the compiled output (dist/plugin/*.js) or installed in a host's node_modules: the nearest folder
// above this file whose package.json is Gatehouse's.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gatehouse') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Gatehouse's package.json above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** The panel's browser code, bundled by `npm run build` (scripts/build.ts). */
export const panelBundleDir = join(packageRoot, 'dist', 'panel');
export const componentsBundleFile = join(panelBundleDir, 'components.bundle.js');
