import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const prof = process.argv[2] === 'prof';
const port = 3000 + Math.floor(Math.random() * 5000) + 20000;
const t0 = performance.now();
const child = spawn(process.execPath, [...(prof ? ['--cpu-prof', '--cpu-prof-dir=/tmp/hp/sp'] : []), 'dist/demo/server.js'], { env: { ...process.env, PORT: String(port), DATA_DIR: '/tmp/hp/data' }, stdio: 'ignore' });
for (;;) { try { const r = await fetch(`http://127.0.0.1:${port}/admin/api/v1/me`); if (r.status === 401) break; } catch {} await new Promise((r) => setTimeout(r, 10)); }
const rest = performance.now() - t0;
const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
console.log('rest', Math.round(rest), 'ms rss', rss.toFixed(0));
child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r));
