// The published package, used the way a host uses it: `npm pack`, the tarball unpacked into a
// fresh project outside this repository, `import 'gatehouse'` from plain Node (no tsx), mounted on
// an Express app and called over HTTP; plus the tarball's file list and a type check of the
// declarations from the consumer's side.
//
// Installing the tarball with npm is not possible here offline: `npm install --offline <tarball>`
// stops with ENOTCACHED because `npm ci` caches the dependencies' tarballs but not their registry
// documents, and an online install also compiles better-sqlite3 (about a minute) — too slow and too
// network-bound for `npm test`. So the test does what npm would do with the package itself (unpacks
// it into node_modules/gatehouse, a real folder) and links in exactly the packages the tarball's
// package.json lists under `dependencies`, from this repository's node_modules. Node resolves
// Gatehouse's imports from node_modules/gatehouse upwards, so an import of anything undeclared
// (a devDependency, a transitive package) fails here as it would for a user.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'gatehouse-pack-'));
const consumer = join(work, 'app');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { path: string }[];
}

let packed: PackResult;
let paths: string[];

before(() => {
  // What `prepack` runs; done here so that its output stays out of `npm pack --json`. It skips
  // itself when dist/ is newer than its inputs.
  const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  assert.equal(build.status, 0, 'npm run build failed');
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8' });
  packed = (JSON.parse(out) as PackResult[])[0]!;
  paths = packed.files.map((file) => file.path);

  const installed = join(consumer, 'node_modules', 'gatehouse');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // The host's own: express to mount the router, and for its TypeScript the types it already has.
  for (const name of [...Object.keys(manifest.dependencies), '@types/express', '@types/express-serve-static-core', '@types/node']) {
    const link = join(consumer, 'node_modules', name);
    if (existsSync(link)) continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repo, 'node_modules', name), link, 'dir');
  }
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'host', private: true, type: 'module', dependencies: { gatehouse: '0.1.0' } }));
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the compiled package, its declarations and what it loads at run time', () => {
  const required = [
    'package.json',
    'README.md',
    'LICENSE',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/src/gatehouse.d.ts',
    'dist/panel/components.bundle.js',
    'dist/prisma/gatehouse.prisma',
    'dist/generated/sqlite/index.js',
    'dist/generated/sqlite/index.d.ts',
    'dist/generated/sqlite/query_compiler_bg.wasm',
    'dist/generated/postgresql/index.js',
    'dist/generated/postgresql/query_compiler_bg.wasm',
    'generated/dmmf.json',
  ];
  for (const path of required) assert.ok(paths.includes(path), `missing from the tarball: ${path}`);
  assert.ok(paths.some((path) => /^dist\/prisma\/migrations\/\d{14}_[^/]+\/sqlite\.sql$/.test(path)), 'no SQLite migration');
  assert.ok(paths.some((path) => /^dist\/prisma\/migrations\/\d{14}_[^/]+\/postgresql\.sql$/.test(path)), 'no PostgreSQL migration');
});

test('the tarball holds no tests, sources, demo, data or build leftovers', () => {
  const unwanted = paths.filter(
    (path) =>
      /^(test|bench|scripts|examples|demo|src|prisma|data|node_modules)\//.test(path) ||
      /(^|\/)(node_modules|data|test)\//.test(path) ||
      path.startsWith('dist/demo/') ||
      (path.endsWith('.ts') && !path.endsWith('.d.ts')) ||
      // The panel's component sources ship only because AdminJS's ComponentLoader checks that they exist.
      (path.endsWith('.tsx') && !/^plugin\/components\/[A-Za-z]+\.tsx$/.test(path)) ||
      /\.(tsbuildinfo|db|db-journal|tgz|log)$/.test(path) ||
      /(^|\/)\.(env|gitignore|npmignore)$/.test(path),
  );
  assert.deepEqual(unwanted, []);
  // npm pack stores symbolic links as links, which would dangle in a user's node_modules.
  const listing = execFileSync('tar', ['-tvzf', join(work, packed.filename)], { encoding: 'utf8' });
  assert.deepEqual(listing.split('\n').filter((line) => line.startsWith('l')), []);
});

test('a host app imports the installed package with plain node, mounts it and serves the panel and the API', () => {
  writeFileSync(
    join(consumer, 'server.mjs'),
    `import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createGatehouse, presets } from 'gatehouse';

const gatehouse = await createGatehouse({
  databaseUrl: 'file:./data/x.db',
  secret: 'a-host-secret-of-enough-length',
  logger: { info() {}, warn: console.warn, error: console.error },
});
const app = express();
app.use('/admin', gatehouse.router);
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = 'http://127.0.0.1:' + server.address().port;
try {
  const login = await fetch(base + '/admin/login');
  const openapi = await fetch(base + '/admin/api/v1/openapi.json');
  const bundle = await fetch(base + '/admin/frontend/assets/components.bundle.js');
  const bundleText = await bundle.text();
  const models = fileURLToPath(import.meta.resolve('gatehouse/prisma/gatehouse.prisma'));
  console.log(JSON.stringify({
    login: login.status,
    loginHtml: (await login.text()).includes('<html'),
    openapi: openapi.status,
    paths: Object.keys((await openapi.json()).paths ?? {}),
    bundle: bundle.status,
    bundleBuilt: !bundleText.includes('not built'),
    database: existsSync('./data/x.db'),
    models: existsSync(models),
    presets: Object.keys(presets),
  }));
} finally {
  server.close();
  await gatehouse.close();
}
`,
  );
  const run = spawnSync(process.execPath, ['server.mjs'], { cwd: consumer, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
  assert.equal(run.status, 0, `server.mjs failed:\n${run.stderr}`);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown> & { paths: string[] };
  assert.equal(report.login, 200);
  assert.equal(report.loginHtml, true);
  assert.equal(report.openapi, 200);
  assert.ok(report.paths.length > 10, `openapi.json lists ${report.paths.length} paths`);
  assert.ok(report.paths.some((path) => path.startsWith('/users')), 'openapi.json lists no /users route');
  assert.equal(report.bundle, 200);
  assert.equal(report.bundleBuilt, true, 'the prebuilt panel bundle is not in the package');
  assert.equal(report.database, true, 'the migrations did not create ./data/x.db');
  assert.equal(report.models, true, 'gatehouse/prisma/gatehouse.prisma does not resolve');
  assert.deepEqual(report.presets, ['seed000', 'seed001', 'seed002', 'seed003', 'seed004']);
});

test('the declarations type-check from a TypeScript host', () => {
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['check.ts'] }),
  );
  // With skipLibCheck a declaration that fails to resolve turns into `any` silently, so the check
  // relies on errors that only real types produce (@ts-expect-error fails when there is none).
  writeFileSync(
    join(consumer, 'check.ts'),
    `import express from 'express';
import { createGatehouse, defineAction, migrate, parseDatabaseUrl, type Gatehouse, type GatehouseOptions, type Principal, type PresetId } from 'gatehouse';

const options: GatehouseOptions = { secret: 'a-host-secret-of-enough-length', preset: 'seed002' };
// @ts-expect-error secret is required
const missing: GatehouseOptions = {};
// @ts-expect-error not a preset
const preset: PresetId = 'seed999';
const gatehouse: Gatehouse = await createGatehouse(options);
express().use('/admin', gatehouse.router);
const who = (principal: Principal): string => principal.userId;
// @ts-expect-error the principal has no such field
const nope = (principal: Principal): string => principal.nope;
const applied: string[] = await migrate(parseDatabaseUrl('file:./data/x.db'));
export { defineAction, missing, preset, who, nope, applied };
`,
  );
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
});
