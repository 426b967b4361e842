// Crash safety (R-ATOM-1): an instance is killed with SIGKILL in the middle of each multi-step
// operation — held up by its own database client at the transaction's COMMIT, or just after it
// (test/support/crash-child.ts), never by a sleep. Afterwards every invariant holds: the operation
// is there whole (with its audit event) or not at all (and no audit event), exactly one owner,
// unique roles, each accepted invitation with its membership; what was rolled back can be done again.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import request from 'supertest';
import { serializeGrants } from '../../src/authz/grant-codec.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API, signIn, type ApiClient } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'crash-child.ts');
const PASSWORD = 'Crash-Safety-2026!';
const NEW_PASSWORD = 'Crash-Safety-2027?';

type Moment = 'before' | 'after';
/** Killed with the COMMIT about to run (everything written, nothing committed), or just after it. */
const MOMENTS: readonly Moment[] = ['before', 'after'];

interface Child {
  readonly url: string;
  readonly paused: Promise<string>;
  kill(): Promise<void>;
}

async function startChild(t: TestSetup, preset: string, moment: Moment): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, GATEHOUSE_PRESET: preset, PAUSE_SQL: '^\\s*COMMIT', PAUSE_WHEN: moment, CLOCK_MS: String(t.clock.now().getTime()) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const lines: ((line: string) => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (;;) {
      const end = output.indexOf('\n');
      if (end < 0) break;
      const line = output.slice(0, end);
      output = output.slice(end + 1);
      for (const listener of lines) listener(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      lines.push((line) => line.startsWith(prefix) && resolve(line));
      void exited.then(() => reject(new Error(`the instance exited before "${prefix}"`)));
    });
  const listening = await waitFor('listening ');
  return {
    url: `http://127.0.0.1:${listening.split(' ')[1]}`,
    paused: waitFor('paused '),
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Sends the request to the child, waits until it is held at the moment, kills it with SIGKILL. */
async function crashDuring(child: Child, send: (url: string) => request.Test): Promise<void> {
  const answer = send(child.url).then(
    (response) => assert.fail(`the instance answered ${response.status} before it was killed`),
    () => 'connection lost',
  );
  await child.paused;
  await child.kill();
  assert.equal(await answer, 'connection lost');
}

const withSession = (client: ApiClient, test: request.Test) => {
  const cookies = (client.agent as unknown as { jar: { getCookies(access: object): { toValueString(): string }[] } }).jar
    .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
    .map((cookie) => cookie.toValueString());
  return test.set('cookie', cookies.join('; ')).set('x-csrf-token', client.csrfToken);
};

async function invariants(t: TestSetup): Promise<void> {
  const prisma = t.prisma;
  const roots = await prisma.organization.findMany({ where: { parentId: null }, select: { id: true } });
  for (const root of roots) assert.equal(await prisma.membership.count({ where: { organizationId: root.id, isOwner: true } }), 1, 'exactly one owner');
  const uniqueHolders = await prisma.membership.groupBy({ by: ['organizationId', 'uniqueRoleId'], where: { uniqueRoleId: { not: null } }, _count: true });
  assert.ok(uniqueHolders.every((group) => group._count === 1), 'unique roles have one holder');
  for (const invitation of await prisma.invitation.findMany({ where: { status: 'ACCEPTED' } })) {
    assert.ok(invitation.userId, 'an accepted invitation names its user');
    assert.ok(await prisma.membership.findUnique({ where: { userId_organizationId: { userId: invitation.userId, organizationId: invitation.organizationId } } }), 'with its membership');
  }
}

const audits = (t: TestSetup, action: string, targetId?: string) => t.prisma.auditEvent.count({ where: { action, outcome: 'ALLOWED', ...(targetId ? { targetId } : {}) } });

describe('kill -9 in the middle of multi-step operations (seed 002)', () => {
  let t: TestSetup;
  let org: string;
  let branch: string;
  let officer: ApiClient;
  let counter = 0;
  const unique = (prefix: string) => `${prefix}${(counter += 1)}`;

  before(async () => {
    t = await setup({ signInRateLimit: false });
    org = (await createOrganization(t.gatehouse.context, { name: 'Crash Root' })).id;
    branch = (await createOrganization(t.gatehouse.context, { name: 'Crash Branch', parentId: org })).id;
    await createMember(t.gatehouse.context, { email: 'officer@crash.test', username: 'crash.officer', firstName: 'C', lastName: 'O', password: PASSWORD }, [
      { organizationId: org, roleKey: 'complianceOfficer', owner: true },
    ]);
    officer = await signIn(t.app, 'crash.officer', PASSWORD);
  });
  after(() => t.close());

  for (const moment of MOMENTS) {
    const committed = moment === 'after';

    test(`R-ATOM-1, R-INV-1: invitation acceptance killed ${moment} its COMMIT: all of it or none of it`, async () => {
      const email = `${unique('invitee')}@crash.test`;
      const invited = await officer.call('post', '/invitations', { email, organizationId: org, roleId: 'builtin:standardUser' });
      assert.equal(invited.status, 201, JSON.stringify(invited.body));
      const token = t.mailbox.token(email, 'invitation');
      const username = unique('accepter');
      const body = { token, firstName: 'A', lastName: 'B', username, password: PASSWORD };
      await crashDuring(await startChild(t, 'seed002', moment), (url) => request(url).post(`${API}/invitations/accept`).send(body));
      const invitation = await t.prisma.invitation.findUniqueOrThrow({ where: { id: invited.body.id } });
      const user = await t.prisma.user.findUnique({ where: { username } });
      assert.equal(invitation.status, committed ? 'ACCEPTED' : 'PENDING');
      assert.equal(user !== null, committed, 'the account exists exactly when the acceptance committed');
      assert.equal(await audits(t, 'invitation.accept', invitation.id), committed ? 1 : 0);
      await invariants(t);
      const again = await request(t.app).post(`${API}/invitations/accept`).send(body);
      assert.equal(again.status, committed ? 410 : 200, 'what was rolled back can be done again, once');
    });

    test(`R-ATOM-1, R-PWD-3: password-reset completion killed ${moment} its COMMIT: all of it or none of it`, async () => {
      const username = unique('resetter');
      const { id } = await createMember(t.gatehouse.context, { email: `${username}@crash.test`, username, firstName: 'R', lastName: 'S', password: PASSWORD }, [
        { organizationId: org, roleKey: 'standardUser' },
      ]);
      assert.ok((await officer.call('post', `/users/${id}/reset-password`)).status < 300);
      const token = t.mailbox.token(`${username}@crash.test`, 'password-reset');
      await crashDuring(await startChild(t, 'seed002', moment), (url) => request(url).post(`${API}/password-resets/complete`).send({ token, password: NEW_PASSWORD }));
      const user = await t.prisma.user.findUniqueOrThrow({ where: { id } });
      const row = await t.prisma.passwordResetToken.findFirstOrThrow({ where: { userId: id }, orderBy: { createdAt: 'desc' } });
      assert.equal(user.passwordHash !== null, committed, 'the password is set exactly when the completion committed');
      assert.equal(row.usedAt !== null, committed, 'and the link is used with it');
      assert.equal(await audits(t, 'user.resetPassword.complete', id), committed ? 1 : 0);
      await invariants(t);
      const again = await request(t.app).post(`${API}/password-resets/complete`).send({ token, password: NEW_PASSWORD });
      assert.equal(again.status, committed ? 410 : 204);
    });

    test(`R-ATOM-1, R-UNIQ-1: a role change to the unique role killed ${moment} its COMMIT: one holder at most, audited when committed`, async () => {
      const username = unique('promoted');
      const { id } = await createMember(t.gatehouse.context, { email: `${username}@crash.test`, username, firstName: 'P', lastName: 'R', password: PASSWORD }, [
        { organizationId: branch, roleKey: 'standardUser' },
      ]);
      await t.prisma.membership.updateMany({ where: { organizationId: branch, uniqueRoleId: { not: null } }, data: { roleId: 'builtin:standardUser', uniqueRoleId: null } });
      await crashDuring(await startChild(t, 'seed002', moment), (url) =>
        withSession(officer, request(url).put(`${API}/users/${id}/role`).send({ organizationId: branch, roleId: 'builtin:complianceOfficer' })),
      );
      const membership = await t.prisma.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId: id, organizationId: branch } } });
      assert.equal(membership.roleId, committed ? 'builtin:complianceOfficer' : 'builtin:standardUser');
      assert.equal(await audits(t, 'user.editRole', id), committed ? 1 : 0);
      await invariants(t);
      const again = await officer.call('put', `/users/${id}/role`, { organizationId: branch, roleId: 'builtin:complianceOfficer' });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      await invariants(t);
    });

    test(`R-ATOM-1, R-KEY-1: API key creation killed ${moment} its COMMIT: never a key without its audit event`, async () => {
      const name = unique('key');
      await crashDuring(await startChild(t, 'seed002', moment), (url) => withSession(officer, request(url).post(`${API}/me/api-keys`).send({ name })));
      const keys = await t.prisma.apiKey.findMany({ where: { name } });
      assert.equal(keys.length, committed ? 1 : 0);
      for (const key of keys) assert.equal(await audits(t, 'apikey.create', key.id), 1);
      await invariants(t);
    });
  }
});

describe('kill -9 in the middle of a role migration (seed 004)', () => {
  let t: TestSetup;
  let org: string;
  let owner: ApiClient;
  let counter = 0;

  before(async () => {
    t = await setup({ preset: 'seed004', signInRateLimit: false });
    org = (await createOrganization(t.gatehouse.context, { name: 'Crash Co' })).id;
    await createMember(t.gatehouse.context, { email: 'admin@crash.test', username: 'crash.admin', firstName: 'A', lastName: 'D', password: PASSWORD }, [
      { organizationId: org, roleKey: 'admin', owner: true },
    ]);
    owner = await signIn(t.app, 'crash.admin', PASSWORD);
  });
  after(() => t.close());

  for (const moment of MOMENTS) {
    test(`R-ATOM-1, R-MIG-1: migrating a legacy role killed ${moment} its COMMIT: the role keeps its permissions or has its policy, never neither`, async () => {
      counter += 1;
      const role = await t.prisma.role.create({
        data: { key: `legacy-crash-${counter}`, name: `Legacy ${counter}`, organizationId: org, kind: 'CUSTOM', legacyPermissions: serializeGrants([{ permission: 'report.view' }]) },
      });
      const policyName = `Crash policy ${counter}`;
      await crashDuring(await startChild(t, 'seed004', moment), (url) => withSession(owner, request(url).post(`${API}/roles/${role.id}/migrate`).send({ policyName })));
      const after = await t.prisma.role.findUniqueOrThrow({ where: { id: role.id }, include: { policies: true } });
      const policy = await t.prisma.permissionPolicy.findFirst({ where: { name: policyName } });
      const committed = moment === 'after';
      assert.equal(after.policies.length, committed ? 1 : 0);
      assert.equal(policy !== null, committed, 'the policy exists exactly when the migration committed');
      assert.equal(after.legacyPermissions === null, committed, 'inline permissions go exactly when the policy comes');
      assert.equal(await audits(t, 'role.migrate', role.id), committed ? 1 : 0);
      const again = await owner.call('post', `/roles/${role.id}/migrate`, { policyName });
      assert.equal(again.status, committed ? 409 : 200, JSON.stringify(again.body));
    });
  }
});
