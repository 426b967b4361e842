// `npm run bench:rest [-- --db postgres] [--duration 2] [--rounds 8] [--profile guarded]`: what a signed-in
// request costs, against what it could cost. The targets are served by bench/rest-server.ts in a
// child process; this process only generates load (autocannon on loopback, 10 connections), so the
// two do not share an event loop. Every target is measured in the same run, in turn, in many short
// rounds after a warm-up (so a change in the machine's load falls on every target alike; compared
// targets run next to each other), and the figures are given as ratios: the floor (the same stack with nothing of
// Gatehouse in it) and better-auth's getSession for the guarded read, the anonymous route for the
// host route behind requirePermission. Absolute req/s drift with the machine's load; the ratios less.
// `--profile NAME` instead loads only that target for the duration, with the server's CPU profiler
// on for that time only, and prints where its busy CPU went (bench/profile-summary.ts).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { argument } from './bench-world.ts';
import { summarizeProfile } from './profile-summary.ts';

const DURATION = Number(argument('duration', '2'));
const ROUNDS = Number(argument('rounds', '8'));
const PROFILE = argument('profile', '');
type TargetName = 'guarded' | 'unguarded' | 'host' | 'anonymous' | 'floor' | 'floorHelmet' | 'betterAuth';
interface Target {
  readonly url: string;
  readonly cookie: string;
}

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/rest-server.ts', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'inherit'] });
const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
const lines = createInterface({ input: child.stdout });
const waiting = new Map<string, (rest: string) => void>();
const next = (prefix: string) => new Promise<string>((resolve) => waiting.set(prefix, resolve));
lines.on('line', (line) => {
  for (const [prefix, resolve] of waiting) {
    if (line.startsWith(prefix)) {
      waiting.delete(prefix);
      resolve(line.slice(prefix.length));
      return;
    }
  }
  console.error(line);
});
const announced = await new Promise<{ targets: Record<TargetName, Target>; target: string }>((resolve, reject) => {
  void next('TARGETS ').then((json) => resolve(JSON.parse(json)));
  void exited.then((code) => reject(new Error(`bench/rest-server.ts exited (${code}) before serving`)));
});
const { targets } = announced;

async function check(name: TargetName, target: Target): Promise<string> {
  const response = await fetch(target.url, { headers: target.cookie ? { cookie: target.cookie } : {} });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${name}: ${response.status} ${body}`);
  return body;
}

let lastTotal = 0;
async function measure(target: Target, duration = DURATION): Promise<number> {
  const result = await autocannon({ url: target.url, connections: 10, duration, headers: target.cookie ? { cookie: target.cookie } : {} });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  lastTotal = result.requests.total;
  return result.requests.average;
}

try {
  const bodies = new Map<TargetName, string>();
  for (const name of Object.keys(targets) as TargetName[]) bodies.set(name, await check(name, targets[name]));
  if (!bodies.get('guarded')?.includes(announced.target)) throw new Error('the guarded route did not answer the user');
  if (bodies.get('guarded') !== bodies.get('unguarded')) throw new Error('the guarded and unguarded routes must answer the same body');

  if (PROFILE) {
    const name = PROFILE as TargetName;
    if (!targets[name]) throw new Error(`--profile: no target "${PROFILE}" (one of ${Object.keys(targets).join(', ')})`);
    await measure(targets[name], 3);
    const started = next('PROFILING');
    child.kill('SIGUSR2');
    await started;
    const rps = await measure(targets[name]);
    const written = next('PROFILE ');
    child.kill('SIGUSR2');
    console.log(`profiled ${name}: ${rps.toFixed(0)} req/s`);
    console.log(summarizeProfile(await written, lastTotal));
  } else {
    const names: TargetName[] = ['floor', 'guarded', 'betterAuth', 'floorHelmet', 'unguarded', 'host', 'anonymous'];
    const rounds = new Map<TargetName, number[]>(names.map((name) => [name, []]));
    for (const name of names) await measure(targets[name], 2); // warm-up: JIT, caches, prepared statements
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of names) rounds.get(name)?.push(await measure(targets[name]));
    }
    const mean = (name: TargetName) => {
      const values = rounds.get(name) ?? [];
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    const labels: Record<TargetName, string> = {
      guarded: 'guarded    GET /admin/api/v1/users/:id',
      unguarded: 'unguarded  same route, no engine decision',
      host: 'host       host route behind requirePermission',
      anonymous: 'anonymous  host route, no session',
      floor: 'floor      express-session + sqlite store + 1 read',
      betterAuth: 'better-auth getSession',
      floorHelmet: 'floor + helmet (Gatehouse\'s headers)',
    };
    for (const name of names) {
      console.log(`${labels[name].padEnd(50)} ${mean(name).toFixed(0).padStart(6)} req/s  (rounds: ${(rounds.get(name) ?? []).map((value) => value.toFixed(0)).join(', ')})`);
    }
    const ratio = (a: number, b: number) => (a / b).toFixed(3);
    const [guarded, floor, betterAuth, host, anonymous] = [mean('guarded'), mean('floor'), mean('betterAuth'), mean('host'), mean('anonymous')];
    const perRound = (a: TargetName, b: TargetName) => {
      const values = (rounds.get(a) ?? []).map((value, index) => value / (rounds.get(b)?.[index] ?? Number.NaN)).sort((x, y) => x - y);
      return (values[Math.floor(values.length / 2)] ?? Number.NaN).toFixed(3);
    };
    console.log(`guarded ÷ unguarded ${ratio(guarded, mean('unguarded'))}; guarded ÷ (floor + helmet) ${ratio(guarded, mean('floorHelmet'))}`);
    console.log(
      `median of per-round ratios: vs_floor ${perRound('guarded', 'floor')}, vs_better_auth ${perRound('guarded', 'betterAuth')}, host_vs_anonymous ${perRound('host', 'anonymous')}`,
    );
    console.log(
      `bench:rest guarded_rps=${guarded.toFixed(0)} floor_rps=${floor.toFixed(0)} better_auth_rps=${betterAuth.toFixed(0)} host_rps=${host.toFixed(0)} anonymous_rps=${anonymous.toFixed(0)} vs_floor=${ratio(guarded, floor)} vs_better_auth=${ratio(guarded, betterAuth)} host_vs_anonymous=${ratio(host, anonymous)}`,
    );
  }
} finally {
  child.kill('SIGTERM');
  await exited;
}
