// `npm run bench:load [-- --seconds 60 --clients 200 --instances 3]`: sustained signed-in load on a
// scaled-out deployment. PostgreSQL from DATABASE_URL (default the machine's, in a schema of its
// own, dropped at the end); the instances are child processes on loopback ports, each client
// talks to one of them, round robin. Every client is a signed-in administrator session (seed 004,
// whose Admin role reads users, roles and policies) doing what back-office staff do: list and search users, view one, lock and unlock their own target,
// invite, read the policies. At the end: 5xx count, latency percentiles, each instance's RSS growth
// over the run (after a GC), and whether every successful change left exactly one audit event.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createGatehouse } from '../src/index.ts';
import { createMember, createOrganization } from '../src/setup/bootstrap.ts';
import { argument } from './bench-world.ts';

const SECONDS = Number(argument('seconds', '60'));
const CLIENTS = Number(argument('clients', '200'));
const INSTANCES = Number(argument('instances', '3'));
const SESSIONS_PER_OFFICER = 10;
const PASSWORD = 'Bench-Load-2026!pw';
const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (!/^postgres(ql)?:\/\//.test(server)) throw new Error('bench:load needs a PostgreSQL DATABASE_URL');
const schema = `bench_load_${randomBytes(4).toString('hex')}`;
const databaseUrl = `${server}${server.includes('?') ? '&' : '?'}schema=${schema}`;
const API = '/admin/api/v1';
/** Seed 004's Operations role, created inside each company: its id is read once the company exists. */
let operationsRoleId = '';

interface Instance {
  readonly url: string;
  readonly process: ChildProcess;
  rss(): Promise<number>;
}

async function startInstance(): Promise<Instance> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'load-instance.ts')], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      waiting.shift()?.(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve) => waiting.push(resolve));
  const port = (await nextLine()).split(' ')[1];
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    async rss() {
      if (child.exitCode !== null) return Number.NaN;
      const line = nextLine();
      child.stdin?.write('\n');
      const died = new Promise<string>((resolve) => child.once('exit', () => resolve('rss NaN')));
      return Number((await Promise.race([line, died])).split(' ')[1]);
    },
  };
}

interface Session {
  readonly url: string;
  readonly cookie: string;
  readonly csrf: string;
  readonly organizationId: string;
  readonly targetId: string;
  /** Whether this session's target is locked now: kept across the warm-up and the run. */
  targetLocked: boolean;
}

async function signIn(url: string, username: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}${API}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: username, password: PASSWORD }) });
  if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
  return { cookie, csrf: body.csrfToken };
}

const latencies: number[] = [];
const statuses = new Map<number, number>();
const changes = { 'user.lock': 0, 'user.unlock': 0, 'invitation.create': 0 };
let invitations = 0;

async function call(session: Session, method: string, path: string, body?: unknown): Promise<number> {
  const started = performance.now();
  let status: number;
  try {
    const response = await fetch(`${session.url}${API}${path}`, {
      method,
      headers: { cookie: session.cookie, ...(method !== 'GET' ? { 'x-csrf-token': session.csrf, 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    status = response.status;
  } catch {
    status = 599; // connection failure: counted with the 5xx
  }
  latencies.push(performance.now() - started);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  return status;
}

async function client(session: Session, until: number, index: number): Promise<void> {
  for (let step = 0; performance.now() < until; step += 1) {
    switch (step % 6) {
      case 0:
        await call(session, 'GET', `/users?organizationId=${session.organizationId}&pageSize=20`);
        break;
      case 1:
        await call(session, 'GET', `/users?lastName=${encodeURIComponent("3")}&status=enabled&pageSize=20`);
        break;
      case 2:
        await call(session, 'GET', `/users/${session.targetId}`);
        break;
      case 3: {
        const action = session.targetLocked ? 'unlock' : 'lock';
        if ((await call(session, 'POST', `/users/${session.targetId}/${action}`)) < 300) {
          changes[session.targetLocked ? 'user.unlock' : 'user.lock'] += 1;
          session.targetLocked = !session.targetLocked;
        }
        break;
      }
      case 4:
        if (step % 24 === 4) {
          invitations += 1;
          const email = `invitee${index}.${invitations}@load.bench`;
          if ((await call(session, 'POST', '/invitations', { email, organizationId: session.organizationId, roleId: operationsRoleId })) < 300) changes['invitation.create'] += 1;
        }
        break;
      default:
        await call(session, 'GET', `/policies?organizationId=${session.organizationId}`);
    }
  }
}

/** Lock and unlock are both audited as the permission `user.lock`; the event's details name the transition. */
const auditedAs = `CASE WHEN "action" = 'user.lock' AND "details"::jsonb ? 'transition' THEN 'user.' || ("details"::jsonb ->> 'transition') ELSE "action" END`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

// The world: one company, an administrator for every ten sessions, and a target user of their
// own (Operations role) for every session.
const seeder = await createGatehouse({ databaseUrl, preset: 'seed004', secret: 'bench-load-secret-shared-by-instances', passwordHashing: { memoryKiB: 1024, passes: 1 }, logger: { info() {}, warn() {}, error() {} } });
const ctx = seeder.context;
const root = await createOrganization(ctx, { name: 'Load Root' });
operationsRoleId = (await ctx.prisma.role.findFirstOrThrow({ where: { organizationId: root.id, key: 'operations' }, select: { id: true } })).id;
await createMember(ctx, { email: 'owner@load.bench', username: 'load.owner', firstName: 'Load', lastName: 'Owner', password: PASSWORD }, [{ organizationId: root.id, roleKey: 'admin', owner: true }]);
const officers: { username: string; organizationId: string; targets: string[] }[] = [];
for (let o = 0; o < Math.ceil(CLIENTS / SESSIONS_PER_OFFICER); o += 1) {
  const org = root;
  const username = `officer${o}`;
  await createMember(ctx, { email: `${username}@load.bench`, username, firstName: 'Officer', lastName: `${o}`, password: PASSWORD }, [{ organizationId: org.id, roleKey: 'admin' }]);
  const targets: string[] = [];
  for (let t = 0; t < SESSIONS_PER_OFFICER; t += 1) {
    const target = `target${o}x${t}`;
    targets.push((await createMember(ctx, { email: `${target}@load.bench`, username: target, firstName: 'Target', lastName: `${o} ${t}`, password: PASSWORD }, [{ organizationId: org.id, roleKey: 'operations' }])).id);
  }
  officers.push({ username, organizationId: org.id, targets });
}
await seeder.close();

const instances: Instance[] = [];
for (let i = 0; i < INSTANCES; i += 1) instances.push(await startInstance());
try {
  const sessions: Session[] = [];
  for (let c = 0; c < CLIENTS; c += 1) {
    const officer = officers[Math.floor(c / SESSIONS_PER_OFFICER)] as (typeof officers)[number];
    const url = (instances[c % INSTANCES] as Instance).url;
    sessions.push({ url, ...(await signIn(url, officer.username)), organizationId: officer.organizationId, targetId: officer.targets[c % SESSIONS_PER_OFFICER] as string, targetLocked: false });
  }
  // Warm-up, so that the RSS baseline is taken with every code path loaded.
  const warm = performance.now() + Math.min(5, SECONDS / 4) * 1000;
  await Promise.all(sessions.map((session, i) => client(session, warm, i)));
  latencies.length = 0;
  statuses.clear();
  const auditBefore = await auditCounts();
  for (const key of Object.keys(changes) as (keyof typeof changes)[]) changes[key] = 0;
  const rssBefore = await Promise.all(instances.map((instance) => instance.rss()));

  const started = performance.now();
  await Promise.all(sessions.map((session, i) => client(session, started + SECONDS * 1000, i)));
  const elapsed = (performance.now() - started) / 1000;

  const rssAfter = await Promise.all(instances.map((instance) => instance.rss()));
  const auditAfter = await auditCounts();
  const sorted = [...latencies].sort((a, b) => a - b);
  const errors5xx = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const errors4xx = [...statuses].filter(([status]) => status >= 400 && status < 500).reduce((sum, [, count]) => sum + count, 0);
  const growth = Math.max(...rssAfter.map((rss, i) => (rss - (rssBefore[i] ?? rss)) / 1_048_576));
  const audit = (Object.keys(changes) as (keyof typeof changes)[]).map((action) => {
    const written = (auditAfter.get(action) ?? 0) - (auditBefore.get(action) ?? 0);
    return { action, changes: changes[action], written };
  });
  console.log(`requests=${latencies.length} rps=${(latencies.length / elapsed).toFixed(0)} p50_ms=${percentile(sorted, 50).toFixed(1)} p95_ms=${percentile(sorted, 95).toFixed(1)} errors_4xx=${errors4xx}`);
  console.log(`statuses ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}=${count}`).join(' ')}`);
  console.log(`rss_mib before=${rssBefore.map((rss) => (rss / 1_048_576).toFixed(0)).join(',')} after=${rssAfter.map((rss) => (rss / 1_048_576).toFixed(0)).join(',')}`);
  for (const line of audit) console.log(`audit ${line.action} changes=${line.changes} events=${line.written} lost=${Math.max(0, line.changes - line.written)} duplicated=${Math.max(0, line.written - line.changes)}`);
  const auditOk = audit.every((line) => line.changes === line.written);
  console.log(`bench:load instances=${INSTANCES} clients=${CLIENTS} seconds=${SECONDS} errors_5xx=${errors5xx} p99_ms=${percentile(sorted, 99).toFixed(1)} rss_growth_mib=${growth.toFixed(1)}`);
  const crashed = instances.filter((instance) => instance.process.exitCode !== null).length;
  if (crashed > 0) console.log(`instances_crashed=${crashed}`);
  if (errors5xx > 0 || !auditOk || crashed > 0) process.exitCode = 1;
} finally {
  for (const instance of instances) instance.process.kill('SIGTERM');
  await Promise.all(instances.map((instance) => new Promise((resolve) => (instance.process.exitCode !== null ? resolve(null) : instance.process.once('exit', resolve)))));
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

async function auditCounts(): Promise<Map<string, number>> {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    const rows = await admin.query<{ action: string; count: string }>(`SELECT ${auditedAs} AS "action", count(*) FROM "${schema}"."AuditEvent" WHERE "outcome" = 'ALLOWED' GROUP BY 1`);
    return new Map(rows.rows.map((row) => [row.action, Number(row.count)]));
  } finally {
    await admin.end();
  }
}
