// The published package, installed the way the README says, in fresh apps outside this
// repository: `npm pack`, then `npm install` of the tarball from the npm registry (and its cache),
// nothing linked from this repository. Two installs serve the whole matrix, each shared by the apps
// that need the same packages:
//   - a SQLite host (Express 5, Prisma's better-sqlite3 adapter): an ES module app and a CommonJS
//     app on Gatehouse's own client, TypeScript apps (`module: nodenext`, ESM and CJS) and the
//     README's "own PrismaClient" steps on SQLite;
//   - a PostgreSQL-only CommonJS host on Express 4, without the SQLite adapter: the "own
//     PrismaClient" steps on PostgreSQL, and what a SQLite URL says there.
// Every app signs in over HTTP, calls its own route behind requirePermission and a defined action.
// An install is kept (in the temp folder, one per checkout) under the tarball's hash: the suite's
// second run (on PostgreSQL, in .ci/run) reuses it for the same tarball instead of compiling
// better-sqlite3 again.
// Install times, package counts and each app's RSS are printed as diagnostics, never asserted.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hostApp } from './host-apps.ts';
import { readmeFile } from './readme-files.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'gatehouse-matrix-'));
// Outside this repository (inside it, Node would resolve a missing package from the repository's
// own node_modules), one per checkout.
const installCache = join(tmpdir(), `gatehouse-package-matrix-${createHash('sha256').update(repo).digest('hex').slice(0, 12)}`);
let sqliteHost: string;
let postgresHost: string;
// The PostgreSQL entry needs a server: the suite's, or the machine's (.ci/run starts it first).
const postgresServer = process.env.TEST_DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
const postgresSchema = `gh_matrix_${process.pid}`;

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { path: string }[];
}

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a command without blocking the event loop (the two installs run at once). */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

async function ok(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<Ran> {
  const ran = await run(command, args, cwd, env);
  assert.equal(ran.status, 0, `${command} ${args.join(' ')} in ${cwd} failed:\n${ran.stdout.slice(-3000)}\n${ran.stderr.slice(-3000)}`);
  return ran;
}

let packed: PackResult;
let tarball: string;
const installed: Record<string, { seconds: number | 'reused'; packages: number }> = {};

interface HostInstall {
  readonly name: string;
  readonly type?: 'module';
  /** What the README's `npm install …` adds, and its `npm install --save-dev …`. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/**
 * One `npm install` of the tarball and the host's packages (the README's two commands at once: the
 * same tree), in a folder named by the tarball's hash; a complete earlier install of the same
 * tarball is reused. The apps get their own folders inside it, made fresh by each run.
 */
async function install(host: HostInstall): Promise<string> {
  const manifest = { name: host.name, private: true, ...(host.type ? { type: host.type } : {}), dependencies: { gatehouse: `file:${tarball}`, ...host.dependencies }, devDependencies: host.devDependencies };
  const key = createHash('sha256').update(readFileSync(tarball)).update(JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, gatehouse: '' } })).digest('hex').slice(0, 16);
  const folder = join(installCache, `${host.name}-${key}`);
  const complete = join(folder, '.installed');
  const listPackages = () => new Set(spawnSync('npm', ['ls', '--all', '--parseable'], { cwd: folder, encoding: 'utf8' }).stdout.trim().split('\n')).size - 1;
  if (existsSync(complete)) {
    installed[host.name] = { seconds: 'reused', packages: listPackages() };
  } else {
    // Installs of earlier tarballs are of no further use (about 350 MB each).
    if (existsSync(installCache)) for (const entry of readdirSync(installCache)) if (entry.startsWith(`${host.name}-`)) rmSync(join(installCache, entry), { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
    const ran = await ok('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], folder);
    installed[host.name] = { seconds: Math.round(ran.ms / 100) / 10, packages: listPackages() };
    writeFileSync(complete, `${new Date().toISOString()}\n`);
  }
  for (const entry of readdirSync(folder)) if (!['node_modules', 'package.json', 'package-lock.json', '.installed'].includes(entry)) rmSync(join(folder, entry), { recursive: true, force: true });
  return folder;
}

before(async () => {
  // prepack builds dist/ and strips the manifest; postpack restores this repository's.
  const pack = await ok('npm', ['pack', '--json', '--pack-destination', work], repo);
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n'))) as PackResult[])[0]!;
  tarball = join(work, packed.filename);
  [sqliteHost, postgresHost] = await Promise.all([
    install({
      name: 'sqlite-host',
      type: 'module',
      dependencies: { '@prisma/adapter-better-sqlite3': '6.19.3', '@prisma/client': '6.19.3', express: '5.3.0', zod: '4.6.7' },
      devDependencies: { prisma: '6.19.3', typescript: '5.9.3', '@types/express': '5.0.6', '@types/node': '20.19.43' },
    }),
    install({ name: 'postgres-host', dependencies: { '@prisma/client': '6.19.3', express: '4.21.2', zod: '4.6.7' }, devDependencies: { prisma: '6.19.3' } }),
  ]);
});

after(async () => {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${postgresSchema}" CASCADE`);
  } finally {
    await client.end();
  }
  rmSync(work, { recursive: true, force: true });
});

interface Report {
  readonly login: number;
  readonly anonymous: number;
  readonly anonymousType: string;
  readonly invoices: number;
  readonly invoiceItems: readonly { number: string; status: string }[];
  readonly action: number;
  readonly actionBody: { status?: string };
  readonly openapi: number;
  readonly panel: number;
  readonly panelAsset: number;
  readonly panelUsers: readonly string[] | number;
  readonly express: string;
  readonly rssMiB: number;
}

async function runApp(t: TestContext, cwd: string, file: string, env: NodeJS.ProcessEnv): Promise<Report> {
  const ran = await ok(process.execPath, [file], cwd, env);
  const report = JSON.parse(ran.stdout.trim().split('\n').at(-1)!) as Report;
  t.diagnostic(`${file}: RSS after start and the calls ${report.rssMiB} MiB, Express ${report.express}`);
  return report;
}

/** What every app must see: signed in, its own route guarded, its defined action run. */
function assertScenario(report: Report, expressMajor: string): void {
  assert.equal(report.login, 200, 'sign-in');
  assert.equal(report.anonymous, 401, 'the guarded host route without a session');
  assert.match(report.anonymousType, /application\/problem\+json/);
  assert.equal(report.invoices, 200, 'the guarded host route, signed in as the owner');
  assert.equal(report.action, 200, `the defined action: ${JSON.stringify(report.actionBody)}`);
  assert.equal(report.actionBody.status, 'APPROVED');
  assert.equal(report.openapi, 200);
  assert.equal(report.panel, 200);
  assert.equal(report.panelAsset, 200, "AdminJS's front end, served from the installed adminjs package");
  assert.deepEqual(report.panelUsers, ['owner@acme.example'], 'the panel lists the users through Gatehouse');
  assert.equal(report.express.split('.')[0], expressMajor);
}

function appFolder(host: string, name: string, files: Record<string, string>): string {
  const folder = join(host, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, file)), { recursive: true });
    writeFileSync(join(folder, file), content);
  }
  return folder;
}

test('the tarball: compiled code, declarations, migrations; no WebAssembly, no Prisma runtime copies, no scripts', (t) => {
  const paths = packed.files.map((file) => file.path);
  t.diagnostic(`tarball ${packed.size} bytes, unpacked ${packed.unpackedSize} bytes, ${paths.length} files`);
  for (const path of ['package.json', 'README.md', 'LICENSE', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/index.d.cts', 'dist/src/prisma-config.js', 'dist/panel/components.bundle.js', 'dist/prisma/gatehouse.prisma', 'dist/generated/sqlite/index.js', 'dist/generated/postgresql/index.js', 'generated/dmmf.json']) {
    assert.ok(paths.includes(path), `missing from the tarball: ${path}`);
  }
  assert.ok(paths.some((path) => /^dist\/prisma\/migrations\/\d{14}_[^/]+\/sqlite\.sql$/.test(path)), 'no SQLite migration');
  assert.ok(paths.some((path) => /^dist\/prisma\/migrations\/\d{14}_[^/]+\/postgresql\.sql$/.test(path)), 'no PostgreSQL migration');
  const unwanted = paths.filter(
    (path) =>
      /\.wasm$|\/runtime\/|query_compiler/.test(path) ||
      /^(test|bench|scripts|examples|demo|src|prisma|data|node_modules)\//.test(path) ||
      path.startsWith('dist/demo/') ||
      (path.endsWith('.ts') && !/\.d\.c?ts$/.test(path)) ||
      (path.endsWith('.tsx') && !/^plugin\/components\/[A-Za-z]+\.tsx$/.test(path)) ||
      /\.(tsbuildinfo|db|db-journal|tgz|log)$/.test(path),
  );
  assert.deepEqual(unwanted, []);
  const manifest = JSON.parse(readFileSync(join(sqliteHost, 'node_modules', 'gatehouse', 'package.json'), 'utf8')) as Record<string, Record<string, unknown> | undefined>;
  assert.equal(manifest.scripts, undefined, 'the published manifest has no scripts (no prepare)');
  assert.equal(manifest.devDependencies, undefined);
  assert.deepEqual(Object.keys(manifest.peerDependencies ?? {}).sort(), ['@prisma/adapter-better-sqlite3', '@prisma/client', 'express', 'zod']);
  assert.equal((manifest.engines as { node?: string } | undefined)?.node, '>=20.19.0');
  assert.deepEqual(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).scripts?.prepare !== undefined, true, 'postpack restored the repository manifest');
});

test('installs: the SQLite host compiles better-sqlite3 once; the PostgreSQL-only Express 4 host has neither it nor a second Express', (t) => {
  for (const [name, figures] of Object.entries(installed)) t.diagnostic(`${name}: npm install ${figures.seconds === 'reused' ? 'reused from an earlier run of the same tarball' : `${figures.seconds} s`}, ${figures.packages} packages`);
  assert.ok(existsSync(join(sqliteHost, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')));
  assert.ok(!existsSync(join(postgresHost, 'node_modules', 'better-sqlite3')), 'a PostgreSQL-only host installs no better-sqlite3');
  const expressCopies = spawnSync('npm', ['ls', 'express', '--all', '--parseable'], { cwd: postgresHost, encoding: 'utf8' }).stdout.trim().split('\n');
  assert.deepEqual(expressCopies.filter((path) => path.endsWith('/express')).map((path) => path.slice(postgresHost.length)), ['/node_modules/express']);
  assert.match(JSON.parse(readFileSync(join(postgresHost, 'node_modules', 'express', 'package.json'), 'utf8')).version, /^4\./);
});

test('ES module app, Express 5, Gatehouse\'s own SQLite database', async (t) => {
  const folder = appFolder(sqliteHost, 'esm', { 'server.mjs': hostApp({ module: 'esm', client: 'gatehouse', typescript: false }) });
  assertScenario(await runApp(t, folder, 'server.mjs', { DATABASE_URL: 'file:./data/app.db' }), '5');
  assert.ok(existsSync(join(folder, 'data', 'app.db')));
});

test('CommonJS app: require(\'gatehouse\') on Express 5', async (t) => {
  const folder = appFolder(sqliteHost, 'cjs', { 'package.json': '{ "type": "commonjs" }', 'server.js': hostApp({ module: 'cjs', client: 'gatehouse', typescript: false }) });
  assertScenario(await runApp(t, folder, 'server.js', { DATABASE_URL: 'file:./data/app.db' }), '5');
});

test('TypeScript apps (module nodenext), ES module and CommonJS: the declarations type-check, a permission typo does not', async (t) => {
  const tsconfig = (module: string) => JSON.stringify({ compilerOptions: { target: 'ES2022', module, moduleResolution: module, strict: true, skipLibCheck: true, esModuleInterop: true, outDir: 'out', types: ['node'] } });
  const esm = appFolder(sqliteHost, 'ts-esm', { 'tsconfig.json': tsconfig('nodenext'), 'server.ts': hostApp({ module: 'esm', client: 'gatehouse', typescript: true }) });
  const cjs = appFolder(sqliteHost, 'ts-cjs', { 'tsconfig.json': tsconfig('node16'), 'server.cts': hostApp({ module: 'cjs', client: 'gatehouse', typescript: true }) });
  const tsc = join(sqliteHost, 'node_modules', 'typescript', 'bin', 'tsc');
  await Promise.all([ok(process.execPath, [tsc, '-p', esm], esm), ok(process.execPath, [tsc, '-p', cjs], cjs)]);
  assertScenario(await runApp(t, esm, 'out/server.js', { DATABASE_URL: 'file:./data/app.db' }), '5');
  assertScenario(await runApp(t, cjs, 'out/server.cjs', { DATABASE_URL: 'file:./data/app.db' }), '5');
});

/** The README's "One PrismaClient" steps 2–5 in `folder`, for one provider. */
async function ownClientSteps(folder: string, provider: 'sqlite' | 'postgresql', env: NodeJS.ProcessEnv): Promise<void> {
  writeFileSync(join(folder, 'prisma.config.ts'), readmeFile('prisma.config.ts'));
  mkdirSync(join(folder, 'prisma', 'schema'), { recursive: true });
  const schema = readmeFile('prisma/schema/app.prisma');
  writeFileSync(join(folder, 'prisma', 'schema', 'app.prisma'), provider === 'sqlite' ? schema : schema.replace('provider = "sqlite"', 'provider = "postgresql"'));
  cpSync(join(folder, '..', 'node_modules', 'gatehouse', 'dist', 'prisma', 'gatehouse.prisma'), join(folder, 'prisma', 'schema', 'gatehouse.prisma'));
  const prisma = join(folder, '..', 'node_modules', '.bin', 'prisma');
  await ok(prisma, ['generate'], folder, env);
  const diff = await ok(prisma, ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema/app.prisma', '--script'], folder, env);
  mkdirSync(join(folder, 'prisma', 'migrations', '001_invoice'), { recursive: true });
  writeFileSync(join(folder, 'prisma', 'migrations', '001_invoice', `${provider}.sql`), diff.stdout);
}

test('own PrismaClient on SQLite: the README\'s steps, then one client for the app\'s models and Gatehouse\'s', async (t) => {
  const folder = appFolder(sqliteHost, 'own-sqlite', { 'server.mjs': hostApp({ module: 'esm', client: 'own', typescript: false }) });
  const env = { DATABASE_URL: 'file:./data/app.db' };
  await ownClientSteps(folder, 'sqlite', env);
  const report = await runApp(t, folder, 'server.mjs', env);
  assertScenario(report, '5');
  assert.deepEqual(report.invoiceItems, [{ number: 'A-1', status: 'APPROVED' }]);
});

test('own PrismaClient on PostgreSQL, CommonJS on Express 4, no SQLite installed: the same steps with provider "postgresql"', async (t) => {
  const folder = appFolder(postgresHost, 'own-postgres', { 'server.js': hostApp({ module: 'cjs', client: 'own', typescript: false }) });
  const url = new URL(postgresServer);
  url.searchParams.set('schema', postgresSchema);
  const env = { DATABASE_URL: url.toString() };
  await ownClientSteps(folder, 'postgresql', env);
  const report = await runApp(t, folder, 'server.js', env);
  assertScenario(report, '4');
  assert.deepEqual(report.invoiceItems, [{ number: 'A-1', status: 'APPROVED' }]);
});

test('without the SQLite adapter, a SQLite URL fails at start-up with the package to install', async () => {
  const folder = appFolder(postgresHost, 'sqlite-missing', { 'server.js': hostApp({ module: 'cjs', client: 'gatehouse', typescript: false }) });
  const ran = await run(process.execPath, ['server.js'], folder, { DATABASE_URL: 'file:./data/app.db' });
  assert.notEqual(ran.status, 0);
  assert.match(ran.stderr, /needs the optional package @prisma\/adapter-better-sqlite3@6\.19\.3, which is not installed: run `npm install @prisma\/adapter-better-sqlite3@6\.19\.3`/);
  assert.deepEqual(readdirSync(folder).filter((name) => name === 'data'), [], 'nothing was created');
});
