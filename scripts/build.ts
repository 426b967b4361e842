// `npm run build`: everything the server would otherwise do slowly at start-up, done once.
//   1. bundles the panel's React components (plugin/components) with @adminjs/bundler into
//      dist/panel/components.bundle.js, which the panel serves as is (plugin/panel-assets.ts);
//   2. compiles src/, plugin/ and demo/ to dist/ with declarations (tsconfig.build.json), for
//      `npm start` on plain node and for the published package (`npm pack` runs this as prepack),
//      the panel's AdminJS bundled into one file (adminjs-runtime-bundle.ts);
//   3. copies what the compiled files load at run time to the same relative paths as the sources
//      see them: dist/generated/{sqlite,postgresql} (the Prisma clients) and dist/prisma (the
//      migrations' SQL, plus gatehouse.prisma, the models a host merges into its own schema).
//      Copies, not symlinks: npm pack does not follow symlinks, and the package must carry them.
//      The clients are slimmed on the way (generated-client.ts): they load Prisma's runtime and
//      each provider's query compiler from @prisma/client (a peer the host installs anyway), so
//      the package carries no WebAssembly, and only the client types its declarations name.
// Each step is skipped when its output is up to date. `--panel` or `--server` runs one step.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleAdminjsRuntime } from './adminjs-runtime-bundle.ts';
import { clientTypeUses, writeGeneratedClient } from './generated-client.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const componentsDir = join(root, 'plugin', 'components');
const bundleFile = join(dist, 'panel', 'components.bundle.js');

function newestMtime(dir: string): number {
  // The folder's own time counts too: deleting a source changes only that.
  let newest = statSync(dir).mtimeMs;
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

/** Files under dir (relative paths), filtered by keep. */
function filesUnder(dir: string, keep: (path: string) => boolean, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...filesUnder(join(dir, entry.name), keep, path));
    else if (keep(path)) files.push(path);
  }
  return files;
}

/**
 * Makes `to` hold exactly the kept files of `from`. Unchanged trees are left alone, so that a
 * build during a running server (or a concurrent test) never removes files under it.
 */
function mirror(from: string, to: string, keep: (path: string) => boolean): void {
  const wanted = filesUnder(from, keep);
  const present = existsSync(to) ? filesUnder(to, () => true) : [];
  const upToDate =
    present.length === wanted.length &&
    wanted.every((file) => {
      const target = join(to, file);
      if (!existsSync(target)) return false;
      const [a, b] = [statSync(join(from, file)), statSync(target)];
      return a.size === b.size && b.mtimeMs >= a.mtimeMs;
    });
  if (upToDate) return;
  rmSync(to, { recursive: true, force: true });
  for (const file of wanted) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }
}

function copyRuntimeFiles(): void {
  // Earlier builds linked dist/generated and dist/prisma to the sources: unlink them first, or the
  // copies below would land in (and the clean-up delete from) the real folders.
  for (const name of ['generated', 'prisma']) {
    const at = join(dist, name);
    if (lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(at);
  }
  // The declarations only ever name the SQLite client's types (src/db/client.ts): the PostgreSQL
  // client ships without its .d.ts.
  const declarationFiles = ['src', 'plugin'].flatMap((top) => filesUnder(join(dist, top), (path) => path.endsWith('.d.ts')).map((path) => join(dist, top, path)));
  const dmmf = JSON.parse(readFileSync(join(root, 'generated', 'dmmf.json'), 'utf8')) as { enums: { name: string; values: { name: string }[] }[] };
  const enums = Object.fromEntries(dmmf.enums.map((enumeration) => [enumeration.name, enumeration.values.map((value) => value.name)]));
  writeGeneratedClient(join(root, 'generated', 'sqlite'), join(dist, 'generated', 'sqlite'), { provider: 'sqlite', declarations: { uses: clientTypeUses(declarationFiles), enums } });
  writeGeneratedClient(join(root, 'generated', 'postgresql'), join(dist, 'generated', 'postgresql'), { provider: 'postgresql' });
  mirror(join(root, 'prisma', 'migrations'), join(dist, 'prisma', 'migrations'), (path) => path.endsWith('.sql'));
  const models = join(root, 'generated', 'gatehouse.prisma');
  const modelsCopy = join(dist, 'prisma', 'gatehouse.prisma');
  if (!existsSync(modelsCopy) || statSync(modelsCopy).mtimeMs < statSync(models).mtimeMs) copyFileSync(models, modelsCopy);
}

/** tsc never deletes: drop compiled files whose source is gone, so they cannot be published. */
function removeOrphans(): void {
  for (const top of ['src', 'plugin', 'demo']) {
    const outDir = join(dist, top);
    if (!existsSync(outDir)) continue;
    for (const file of filesUnder(outDir, (path) => /\.(js|d\.ts)$/.test(path))) {
      const stem = file.replace(/\.(js|d\.ts)$/, '');
      if (!['.ts', '.tsx'].some((ext) => existsSync(join(root, top, stem + ext)))) rmSync(join(outDir, file));
    }
  }
}

// Written after a complete server build; anything newer than it among the inputs means rebuild.
const serverStamp = join(dist, '.server-built');
const serverInputs = ['src', 'plugin', 'demo', 'generated', join('prisma', 'migrations'), 'tsconfig.json', 'tsconfig.build.json', join('scripts', 'build.ts'), join('scripts', 'generated-client.ts'), join('scripts', 'adminjs-runtime-bundle.ts'), 'package-lock.json'];

function serverUpToDate(): boolean {
  if (!existsSync(serverStamp)) return false;
  const built = statSync(serverStamp).mtimeMs;
  return serverInputs.every((input) => {
    const path = join(root, input);
    if (!existsSync(path)) return true;
    return (statSync(path).isDirectory() ? newestMtime(path) : statSync(path).mtimeMs) < built;
  });
}

async function compileServer(): Promise<void> {
  // Even a no-op incremental tsc run takes seconds; `npm start` and the package test run this often.
  if (serverUpToDate()) {
    console.log('build: dist/ up to date');
    return;
  }
  const started = performance.now();
  mkdirSync(dist, { recursive: true });
  rmSync(serverStamp, { force: true });
  const compileBegan = Date.now();
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build: TypeScript reported errors (above); dist/ was not fully built');
    process.exit(result.status ?? 1);
  }
  removeOrphans();
  copyRuntimeFiles();
  const modules = await bundleAdminjsRuntime(root, join(root, 'plugin', 'adminjs-runtime.ts'), join(dist, 'plugin', 'adminjs-runtime.js'));
  // For CommonJS hosts (`require('gatehouse')`, Node 20.19+ loads the ESM build): TypeScript sees a
  // CommonJS declaration under the `require` condition, so `module: node16` hosts get no TS1479.
  for (const entry of ['index', 'prisma-config']) writeFileSync(join(dist, 'src', `${entry}.d.cts`), `export * from './${entry}.js';\n`);
  // Dated when the compile began: a source saved during it still counts as newer.
  writeFileSync(serverStamp, `${new Date(compileBegan).toISOString()}\n`);
  utimesSync(serverStamp, compileBegan / 1000, compileBegan / 1000);
  console.log(`build: compiled to dist/ in ${Math.round(performance.now() - started)} ms (AdminJS bundled from ${modules} modules)`);
}

const only = process.argv.slice(2);
if (only.length === 0 || only.includes('--panel')) await bundlePanel();
if (only.length === 0 || only.includes('--server')) await compileServer();
