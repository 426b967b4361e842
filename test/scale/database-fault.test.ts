// Database faults (R-FAULT-1). PostgreSQL: a server of the test's own (the machine's shared cluster
// serves the rest of the suite) is stopped in the middle of a load, has its connections ended by
// pg_terminate_backend, and is frozen; SQLite: the file is locked by another writer, then made
// read-only. Every request in flight answers 2xx or 503 problem+json — never another 5xx, never a
// hang — the process goes on, it serves again once the database is back, and nothing is
// half-applied: every invitation that exists has its audit event and its outbox message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type request from 'supertest';
import { openPrisma } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { parseDatabaseUrl } from '../../src/db/url.ts';
import { isDatabaseUnavailable } from '../../src/errors/database-faults.ts';
import { type Browser, type Cluster, startCluster } from '../support/cluster.ts';
import { type PrivatePostgres, privatePostgres } from '../support/private-postgres.ts';

const OK = new Set([200, 201]);
let invitationCounter = 0;

/** Signed-in traffic of the kind the panel and scripts send: reads and invitations. */
class Load {
  readonly answers: { status: number; type: string; code: unknown; phase: string }[] = [];
  phase = 'before';
  #running = true;
  readonly #workers: Promise<void>[];

  constructor(
    private readonly browser: Browser,
    private readonly url: string,
    private readonly organizationId: string,
    workers: number,
  ) {
    this.#workers = Array.from({ length: workers }, (_, i) => this.#work(i));
  }

  count(phase: string, ok?: boolean): number {
    return this.answers.filter((answer) => answer.phase === phase && (ok === undefined || OK.has(answer.status) === ok)).length;
  }

  /** Resolves once `n` answers of the phase have come back; the load is what paces the test, not a timer. */
  async until(n: number, phase = this.phase, ok?: boolean): Promise<void> {
    for (let round = 0; round < 20_000 && this.count(phase, ok) < n; round += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(this.count(phase, ok) >= n, `${n} answers in phase ${phase}`);
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#workers);
  }

  async #work(worker: number): Promise<void> {
    for (let i = 0; this.#running; i += 1) {
      const phase = this.phase;
      let answer: request.Response;
      if (i % 3 === 0) {
        invitationCounter += 1;
        answer = await this.browser.call(this.url, 'post', '/invitations', { email: `fault${invitationCounter}.${worker}@fault.test`, organizationId: this.organizationId, roleId: 'builtin:standardUser' });
      } else {
        answer = await this.browser.call(this.url, 'get', i % 3 === 1 ? '/users?pageSize=10' : `/users/${this.browser.userId}`);
      }
      this.answers.push({ status: answer.status, type: String(answer.headers['content-type'] ?? ''), code: answer.body?.code, phase });
    }
  }
}

function assertOnly2xxOr503(load: Load): void {
  const unexpected = load.answers.filter((answer) => !OK.has(answer.status) && answer.status !== 503);
  assert.deepEqual(unexpected, [], 'only 2xx and 503');
  for (const answer of load.answers.filter((candidate) => candidate.status === 503)) {
    assert.match(answer.type, /^application\/problem\+json/);
    assert.equal(answer.code, 'SERVICE_UNAVAILABLE');
  }
}

/** No half-applied invitation: each one has the audit event and the outbox message of its transaction. */
async function assertInvitationsWhole(cluster: Cluster): Promise<number> {
  const prisma = (cluster.instances[0] as Cluster['instances'][number]).gatehouse.context.prisma;
  const invitations = await prisma.invitation.findMany({ select: { id: true, email: true } });
  const audited = new Set((await prisma.auditEvent.findMany({ where: { action: 'invitation.create', outcome: 'ALLOWED' }, select: { targetId: true } })).map((event) => event.targetId));
  const mailed = new Set((await prisma.outboxMessage.findMany({ where: { kind: 'invitation' }, select: { to: true } })).map((message) => message.to));
  assert.deepEqual(invitations.filter((invitation) => !audited.has(invitation.id)), [], 'every invitation has its audit event');
  assert.deepEqual(invitations.filter((invitation) => !mailed.has(invitation.email)), [], 'every invitation has its message');
  return invitations.length;
}

/** Polls until the instance answers a signed-in read again; returns the polls it took. */
async function recovery(browser: Browser, url: string): Promise<number> {
  for (let poll = 1; poll <= 600; poll += 1) {
    if ((await browser.call(url, 'get', '/me')).status === 200) return poll;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail('the instance did not serve again within 600 polls');
}

const figures: string[] = [];
after(() => console.log(figures.join('\n')));

describe('PostgreSQL faults (a private server)', () => {
  let server: PrivatePostgres;
  let cluster: Cluster;
  let officer: Browser;
  let organizationId: string;

  before(async () => {
    server = await privatePostgres();
    cluster = await startCluster({ instances: 1, databaseUrl: `${server.url}?schema=fault`, options: { databaseTimeoutMs: 1_500 } });
    organizationId = await cluster.organization('Fault Root');
    await cluster.member('fault.officer', organizationId, 'complianceOfficer', true);
    officer = await cluster.signIn(cluster.proxy.url, 'fault.officer');
  });
  after(async () => {
    try {
      await cluster?.close();
    } finally {
      server?.destroy();
    }
  });

  test('R-FAULT-1: PostgreSQL stopped mid-load: requests answer 503, the process serves again once it is back, nothing half-applied', async () => {
    const url = cluster.proxy.url;
    const load = new Load(officer, url, organizationId, 8);
    try {
      await load.until(40);
      load.phase = 'outage';
      server.stop();
      await load.until(40, 'outage');
      load.phase = 'restart';
      server.start();
      const restarted = performance.now();
      const polls = await recovery(officer, url);
      const recoveryMs = performance.now() - restarted;
      load.phase = 'after';
      await load.until(40, 'after', true);
      await load.stop();
      assertOnly2xxOr503(load);
      assert.equal(load.count('outage', true), load.count('outage') - load.answers.filter((a) => a.phase === 'outage' && a.status === 503).length);
      assert.ok(load.answers.some((answer) => answer.status === 503), 'the outage was seen');
      const invitations = await assertInvitationsWhole(cluster);
      const lost = load.answers.filter((answer) => answer.status === 503).length;
      figures.push(`fault=stop answers=${load.answers.length} answered_503=${lost} other_5xx=0 recovery_polls=${polls} recovery_ms=${recoveryMs.toFixed(0)} invitations_whole=${invitations}`);
    } finally {
      await load.stop();
      if (!server.isRunning()) server.start();
    }
  });

  test('R-FAULT-1: connections ended by pg_terminate_backend mid-load: 2xx or 503, and the same process goes on', async () => {
    const url = cluster.proxy.url;
    const load = new Load(officer, url, organizationId, 8);
    try {
      await load.until(20);
      let ended = 0;
      for (let round = 0; round < 3; round += 1) {
        load.phase = `terminate${round}`;
        ended += await server.terminateConnections();
        await load.until(10, `terminate${round}`);
      }
      load.phase = 'after';
      await load.until(30, 'after', true);
      await load.stop();
      assertOnly2xxOr503(load);
      assert.ok(ended > 0, 'some connections were ended');
      await assertInvitationsWhole(cluster);
      figures.push(`fault=terminate connections_ended=${ended} answers=${load.answers.length} answered_503=${load.answers.filter((a) => a.status === 503).length}`);
    } finally {
      await load.stop();
    }
  });

  test('R-FAULT-1: a frozen server: REST and panel requests answer 503 after the configured timeout, never hang; served again when it thaws', async () => {
    const url = cluster.proxy.url;
    server.pause();
    try {
      const answers = await Promise.all([
        officer.call(url, 'get', '/users?pageSize=10'),
        officer.call(url, 'post', '/invitations', { email: 'frozen@fault.test', organizationId, roleId: 'builtin:standardUser' }),
        officer.call(url, 'get', '/me'),
      ]);
      for (const answer of answers) {
        assert.equal(answer.status, 503, JSON.stringify(answer.body));
        assert.equal(answer.body.code, 'SERVICE_UNAVAILABLE');
        assert.equal(answer.headers['retry-after'], '2');
      }
      const { default: supertest } = await import('supertest');
      const panel = await supertest(url).get('/admin/api/resources/User/actions/list').set('cookie', officer.cookie);
      assert.equal(panel.status, 503);
      assert.match(String(panel.headers['content-type']), /^application\/problem\+json/);
      assert.doesNotMatch(panel.text, /at .*\.(ts|js):\d+/, 'no stack trace');
    } finally {
      server.resume();
    }
    assert.ok((await recovery(officer, url)) >= 1);
    await assertInvitationsWhole(cluster);
  });
});

test('R-FAULT-1: transactions whose connection is ended give it back: more of them than the pool holds, and the client still serves', async () => {
  const server = await privatePostgres();
  try {
    const target = parseDatabaseUrl(`${server.url}?schema=pool`);
    await migrate(target);
    const prisma = openPrisma(target, { timeoutMs: 5_000 });
    try {
      // pg's pool holds 10 connections: each ended transaction used to keep one for ever.
      for (let round = 0; round < 12; round += 1) {
        const sleeping = prisma.$transaction(async (tx) => {
          await tx.organization.create({ data: { name: `round ${round}` } });
          await tx.$queryRawUnsafe('SELECT pg_sleep(30)');
        });
        const outcome = sleeping.then(() => 'committed', (error: unknown) => (isDatabaseUnavailable(error) ? 'unavailable' : `other: ${String(error)}`));
        for (let poll = 0; poll < 500 && (await server.terminateConnections()) === 0; poll += 1) await new Promise((resolve) => setTimeout(resolve, 10));
        assert.equal(await outcome, 'unavailable');
      }
      assert.equal(await prisma.organization.count(), 0, 'every ended transaction was rolled back');
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    server.destroy();
  }
});

describe('SQLite faults', () => {
  let dir: string;
  let file: string;
  let cluster: Cluster;
  let officer: Browser;
  let organizationId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-fault-'));
    file = join(dir, 'fault.db');
    cluster = await startCluster({ instances: 1, databaseUrl: `file:${file}`, options: { databaseTimeoutMs: 300 } });
    organizationId = await cluster.organization('Fault Root');
    await cluster.member('sqlite.officer', organizationId, 'complianceOfficer', true);
    officer = await cluster.signIn(cluster.proxy.url, 'sqlite.officer');
  });
  after(async () => {
    await cluster?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const invite = (email: string) => officer.call(cluster.proxy.url, 'post', '/invitations', { email, organizationId, roleId: 'builtin:standardUser' });

  test('R-FAULT-1: a database file locked by another writer answers 503 and changes nothing; served once the lock goes', async () => {
    const other = new BetterSqlite3(file);
    const before = await cluster.instances[0]?.gatehouse.context.prisma.invitation.count();
    try {
      other.exec('BEGIN IMMEDIATE');
      const locked = await invite('locked@fault.test');
      assert.equal(locked.status, 503, JSON.stringify(locked.body));
      assert.equal(locked.body.code, 'SERVICE_UNAVAILABLE');
      assert.equal((await officer.call(cluster.proxy.url, 'get', '/users?pageSize=10')).status, 200, 'reads go on beside the writer');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.equal(await cluster.instances[0]?.gatehouse.context.prisma.invitation.count(), before, 'nothing was written');
    assert.equal((await invite('locked@fault.test')).status, 201);
    await assertInvitationsWhole(cluster);
  });

  test('R-FAULT-1: a read-only database file answers 503 to writes, not 500, and reads go on', async () => {
    // chattr +i: even root cannot write an immutable file (a plain chmod does not stop root).
    const files = [file, `${file}-wal`];
    execFileSync('chattr', ['+i', ...files]);
    try {
      const refused = await invite('readonly@fault.test');
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      assert.equal((await officer.call(cluster.proxy.url, 'get', '/users?pageSize=10')).status, 200);
    } finally {
      execFileSync('chattr', ['-i', ...files]);
    }
    assert.equal((await invite('readonly@fault.test')).status, 201);
    await assertInvitationsWhole(cluster);
  });
});
