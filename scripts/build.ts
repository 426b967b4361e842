// `npm run build`: everything the server would otherwise do slowly at start-up, done once.
//   1. bundles the panel's React components (plugin/components) with @adminjs/bundler into
//      dist/panel/components.bundle.js, which the panel serves as is (plugin/panel-assets.ts);
//   2. compiles src/, plugin/ and demo/ to dist/ (tsconfig.build.json) for `npm start` on plain node,
//      linking dist/generated and dist/prisma so compiled files find the Prisma client and migrations
//      at the same relative paths as the sources do.
// Each step is skipped when its output is newer than its inputs. `--panel` or `--server` runs one step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const componentsDir = join(root, 'plugin', 'components');
const bundleFile = join(dist, 'panel', 'components.bundle.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function bundlePanel(): Promise<void> {
  if (existsSync(bundleFile) && statSync(bundleFile).mtimeMs > newestMtime(componentsDir)) {
    console.log('build: panel components unchanged');
    return;
  }
  const started = performance.now();
  // AdminJS reads these when it is first imported: bundle in production mode (minified), and keep
  // its working folder inside dist/ (git-ignored) instead of .adminjs/ in the project.
  process.env.NODE_ENV = 'production';
  process.env.ADMIN_JS_SKIP_BUNDLE = 'false';
  const workDir = relative(process.cwd(), join(dist, '.adminjs'));
  process.env.ADMIN_JS_TMP_DIR = workDir;
  const { bundle } = await import('@adminjs/bundler');
  const { panelComponents } = await import('../plugin/components/registry.ts');
  await bundle({ componentLoader: panelComponents().loader, destinationDir: relative(process.cwd(), dirname(bundleFile)), adminJsLocalDir: workDir });
  rmSync(join(dist, '.adminjs'), { recursive: true, force: true });
  // The bundler also copies AdminJS's own prebuilt bundles; the panel serves those from the adminjs package.
  for (const copy of ['app.bundle.js', 'global.bundle.js', 'design-system.bundle.js']) rmSync(join(dirname(bundleFile), copy), { force: true });
  console.log(`build: bundled the panel components in ${Math.round(performance.now() - started)} ms`);
}

function link(name: string): void {
  const at = join(dist, name);
  if (existsSync(at)) return;
  symlinkSync(join('..', name), at, 'dir');
}

function compileServer(): void {
  const started = performance.now();
  mkdirSync(dist, { recursive: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build: TypeScript reported errors (above); dist/ was not fully built');
    process.exit(result.status ?? 1);
  }
  link('generated');
  link('prisma');
  console.log(`build: compiled to dist/ in ${Math.round(performance.now() - started)} ms`);
}

const only = process.argv.slice(2);
if (only.length === 0 || only.includes('--panel')) await bundlePanel();
if (only.length === 0 || only.includes('--server')) compileServer();
