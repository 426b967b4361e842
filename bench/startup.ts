// `npm run bench:startup`: builds once (`npm run build`: panel components bundled, TypeScript
// compiled to dist/), then starts the compiled demo five times, as `npm start` does (fresh data
// folder for the first run, the seeded one after), and reports the median time from spawn until
// /admin/login answers 200.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 5;
const port = 3900 + Math.floor(Math.random() * 90);
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-startup-'));

async function once(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/demo/server.js'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - started > 60_000) throw new Error('the demo did not start within 60 s');
      try {
        const response = await fetch(`http://127.0.0.1:${port}/admin/login`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');

const times: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const ms = await once();
  times.push(ms);
  console.log(`run ${run + 1}: ${Math.round(ms)} ms${run === 0 ? ' (first start: migrations and seed)' : ''}`);
}
rmSync(dataDir, { recursive: true, force: true });
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(`bench:startup ready_ms=${Math.round(median)}`);
