// `npm run bench:startup`: builds once (`npm run build`: panel components bundled, TypeScript
// compiled to dist/), then starts the compiled demo five times, as `npm start` does (fresh data
// folder for the first run, the seeded one after), and reports medians over the runs after the
// first, measured from spawn:
//   rest_ready_ms   the REST API answers: GET /admin/api/v1/me is 401 problem+json (not signed in),
//                   through the same router, session and authentication step as sign-in;
//   panel_ready_ms  the panel's first page (GET /admin/login, AdminJS's own) answers 200 right after;
//   rss_mib         the server's resident memory once the REST API answers (before any panel request);
//                   each run's line also gives it once the panel has been built, and after a sign-in
//                   on top (the first Prisma query: Gatehouse's start makes none on a set-up database).
// The baseline is bare Express on the same node, started the same way, measured in the same run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../demo/seed.ts';

const RUNS = 5;
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-startup-'));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** NaN when the process is gone. */
function rssMiB(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

async function untilAnswer(url: string, status: number, started: number): Promise<number> {
  for (;;) {
    if (performance.now() - started > 60_000) throw new Error(`${url} did not answer within 60 s`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === status) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Run {
  readonly restMs: number;
  readonly panelMs: number;
  readonly rss: number;
  readonly rssPanel: number;
  readonly rssSignedIn: number;
}

/** Signs in as the demo's first account (preset seed002's Compliance Officer); throws unless it worked. */
async function signIn(base: string): Promise<void> {
  const response = await fetch(`${base}/admin/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'complianceofficer', password: DEMO_PASSWORD }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the demo's sign-in answered ${response.status}`);
}

async function start(args: readonly string[], paths: { rest: string; restStatus: number; panel: string | null }): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, PORT: String(port), DATA_DIR: dataDir }, stdio: 'ignore' });
  try {
    const restMs = await untilAnswer(`http://127.0.0.1:${port}${paths.rest}`, paths.restStatus, started);
    const rss = rssMiB(child.pid ?? 0);
    const panelMs = paths.panel ? await untilAnswer(`http://127.0.0.1:${port}${paths.panel}`, 200, started) : restMs;
    // On a shared machine another process may take the port between freePort() and the child's
    // listen: then the child dies (EADDRINUSE) and the answers were someone else's. Start again.
    if (child.exitCode !== null || child.signalCode !== null || Number.isNaN(rss)) return start(args, paths);
    const rssPanel = rssMiB(child.pid ?? 0);
    if (paths.panel) await signIn(`http://127.0.0.1:${port}`);
    return { restMs, panelMs, rss, rssPanel, rssSignedIn: rssMiB(child.pid ?? 0) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

const bareExpress = join(dataDir, 'bare-express.mjs');
writeFileSync(
  bareExpress,
  `import express from ${JSON.stringify(import.meta.resolve('express'))};\nconst app = express();\napp.get('/ping', (_req, res) => res.json({ ok: true }));\napp.listen(Number(process.env.PORT), '127.0.0.1');\n`,
);

const runs: Run[] = [];
const bare: Run[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const result = await start(['dist/demo/server.js'], { rest: '/admin/api/v1/me', restStatus: 401, panel: '/admin/login' });
  runs.push(result);
  bare.push(await start([bareExpress], { rest: '/ping', restStatus: 200, panel: null }));
  console.log(
    `run ${run + 1}: REST ${Math.round(result.restMs)} ms, panel ${Math.round(result.panelMs)} ms, RSS ${result.rss.toFixed(0)} MiB (${result.rssPanel.toFixed(0)} with the panel, ${result.rssSignedIn.toFixed(0)} after a sign-in too)${run === 0 ? ' — first start: migrations and seed' : ''}`,
  );
}
rmSync(dataDir, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const later = runs.slice(1);
const restMs = median(later.map((run) => run.restMs));
const panelMs = median(later.map((run) => run.panelMs));
const rss = median(later.map((run) => run.rss));
const bareRss = median(bare.map((run) => run.rss));
const bareMs = median(bare.map((run) => run.restMs));
console.log(
  `bare Express: ready ${Math.round(bareMs)} ms, RSS ${bareRss.toFixed(0)} MiB; Gatehouse: REST ready ${(restMs / bareMs).toFixed(2)}× bare Express, ` +
    `RSS ${(rss - bareRss).toFixed(0)} MiB above it, ${median(later.map((run) => run.rssPanel)).toFixed(0)} MiB once the panel is built`,
);
console.log(`bench:startup rest_ready_ms=${Math.round(restMs)} panel_ready_ms=${Math.round(panelMs)} rss_mib=${rss.toFixed(0)}`);
