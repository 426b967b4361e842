// The parity contract: every built-in operation, through its REST route and through its panel
// action, allowed, denied, out of scope and with invalid input, gives the same outcome (status,
// code, rule), makes the same database change and writes the same audit rows. Each case runs twice
// on the same database state: REST first, then the database is put back and the panel runs.
// An operation without a row in the table below fails the test: a new operation states its cases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { currentTotpCode } from '../../src/auth/totp.ts';
import { builtInOperations, placementsOf } from '../../src/operations/built-in.ts';
import type { AnyOperation } from '../../src/operations/operation.ts';
import { takesNoInput } from '../../src/operations/rest.ts';
import { createOrganization } from '../../src/setup/bootstrap.ts';
import { securityQuestions } from '../../src/account/security-questions.ts';
import type { ApiClient } from '../support/agent.ts';
import { SoftwareAuthenticator } from '../support/software-authenticator.ts';
import { snapshots, type Snapshots } from '../support/db-snapshot.ts';
import { company, type Company, PASSWORD } from '../roles/fixture.ts';

type Actor = 'owner' | 'admin' | 'operator' | 'accountant' | 'outsider';

interface Call {
  readonly actor: Actor;
  /** The record acted on (the REST path's `:id`, the panel's record); self operations act on the actor's own record. */
  readonly id?: () => string;
  readonly input: (client: ApiClient) => unknown | Promise<unknown>;
  /** State to set up before the snapshot (the database is restored after every run). */
  readonly prepare?: (client: ApiClient) => Promise<void>;
}

interface Scenario {
  readonly allowed: Call;
  /** Refused for a caller in the right organisation (a missing permission, a guard, a wrong current password). */
  readonly denied: Call | null;
  /** A record or organisation outside the caller's reach: 404 either way. */
  readonly outOfScope: Call | null;
  /** Default: the allowed call with an unknown field (every input is strict). */
  readonly invalid?: Call;
  /** More calls worth comparing: inputs where the two adapters once disagreed. */
  readonly also?: readonly Call[];
}

let c: Company;
let db: { base: Snapshots; run: Snapshots };
const ids: Record<string, string> = {};
const NEW_PASSWORD = 'Another-Strong-Pass-2026!';
const ADMIN_PASSKEY = 'parity-admin-passkey';
const VICTIM_PASSKEY = 'parity-victim-passkey';
/** One authenticator for both runs: the passkey it adds is the same in each. */
const authenticator = new SoftwareAuthenticator({ origin: 'http://localhost:3000', rpId: 'localhost' });

before(async () => {
  c = await company();
  const owner = await c.client('owner');
  ids.victim = await c.member('victim', c.acme, 'operations');
  ids.operations = await c.roleId(c.acme, 'operations');
  ids.accountantRole = await c.roleId(c.acme, 'accountant');
  ids.west = (await createOrganization(c.ctx, { name: 'Acme West', parentId: c.acme })).id;
  // The administrator manages Acme West too, so that assigning a user there is theirs to decide.
  await c.ctx.prisma.membership.create({ data: { userId: c.admin, organizationId: ids.west, roleId: await c.roleId(c.acme, 'admin') } });
  ids.invitation = (await owner.call('post', '/invitations', { email: 'pending@example.test', organizationId: c.acme, roleId: ids.operations })).body.id;
  ids.spareRole = (await owner.call('post', '/roles', { organizationId: c.acme, name: 'Spare role', policyIds: [] })).body.id;
  ids.sparePolicy = (await owner.call('post', '/policies', { organizationId: c.acme, name: 'Spare policy', grants: ['report.view'] })).body.id;
  ids.doomedPolicy = (await owner.call('post', '/policies', { organizationId: c.acme, name: 'Doomed policy', grants: ['report.view'] })).body.id;
  ids.adminKey = (await (await c.client('admin')).call('post', '/me/api-keys', { name: 'Nightly' })).body.id;
  // Passkeys with fixed ids, so that both runs name the same one.
  for (const [id, userId] of [[ADMIN_PASSKEY, c.admin], [VICTIM_PASSKEY, ids.victim]] as const) {
    await c.ctx.prisma.passkey.create({ data: { id, userId, credentialId: id, publicKey: new Uint8Array([1, 2, 3]), name: 'Laptop' } });
  }
  for (const key of Object.keys(ids)) assert.ok(ids[key], `fixture ${key}`);
  const url = c.t.databaseUrl;
  db = { base: snapshots(c.ctx.prisma, c.ctx.provider, url, 'base'), run: snapshots(c.ctx.prisma, c.ctx.provider, url, 'run') };
  await db.base.take();
});
after(() => c.close());

const usernames: Record<Actor, string> = { owner: 'owner', admin: 'admin', operator: 'operator', accountant: 'accountant', outsider: 'globex-owner' };
const victim = () => ids.victim as string;
const withIdOf = (key: string) => () => ids[key] as string;
const setUser = (id: () => string, data: Record<string, unknown>) => async () => {
  await c.ctx.prisma.user.update({ where: { id: id() }, data });
};

/** The same call for the three callers: allowed, lacking the permission, from another company. */
function onRecord(id: () => string, input: unknown, extra: Partial<Scenario> & { prepare?: () => Promise<void> } = {}): Scenario {
  const call = (actor: Actor): Call => ({ actor, id, input: () => input, ...(extra.prepare ? { prepare: extra.prepare } : {}) });
  return { allowed: call('admin'), denied: call('operator'), outOfScope: call('outsider'), ...extra };
}

function onAccount(input: (client: ApiClient) => unknown, denied: ((client: ApiClient) => unknown) | null, prepare?: (client: ApiClient) => Promise<void>): Scenario {
  const call = (value: (client: ApiClient) => unknown): Call => ({ actor: 'admin', input: value, ...(prepare ? { prepare } : {}) });
  return { allowed: call(input), denied: denied ? call(denied) : null, outOfScope: null };
}

/** Sessions are left out of the snapshots: the caller (the administrator) keeps only the session in use, plus one other opened now. */
async function onlyThisAndOneOther(client: ApiClient): Promise<void> {
  await c.ctx.prisma.session.deleteMany({ where: { userId: client.userId, NOT: { data: { contains: client.csrfToken } } } });
  await c.client(usernames.admin);
}

/** The id of the caller's one other session, as their sessions list names it. */
async function otherSessionOf(client: ApiClient): Promise<{ session: string }> {
  const items = (await client.call('get', '/me/sessions')).body.items as { id: string; current: boolean }[];
  return { session: items.find((item) => !item.current)?.id ?? '' };
}

/** The user has exactly two sessions when the run starts, whatever earlier runs left. */
function signInTwice(id: () => string) {
  return async () => {
    await c.ctx.prisma.session.deleteMany({ where: { userId: id() } });
    const { username } = await c.ctx.prisma.user.findUniqueOrThrow({ where: { id: id() }, select: { username: true } });
    await c.client(username);
    await c.client(username);
  };
}

async function impersonateVictim(client: ApiClient): Promise<void> {
  const started = await client.call('post', `/users/${victim()}/impersonate`, {});
  assert.equal(started.status, 200, JSON.stringify(started.body));
}

async function startEnrolment(client: ApiClient): Promise<void> {
  const started = await client.call('post', '/me/mfa/totp', { currentPassword: PASSWORD });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  (client as { enrolmentSecret?: string }).enrolmentSecret = started.body.secret;
}

/** A registration challenge for the caller, its row's random id noted (it is spent by the run). */
async function startPasskey(client: ApiClient): Promise<void> {
  const started = await client.call('post', '/me/passkeys/options', { currentPassword: PASSWORD });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  (client as { passkeyOptions?: unknown }).passkeyOptions = started.body.options;
  for (const row of await c.ctx.prisma.passkeyChallenge.findMany({ where: { userId: client.userId } })) preparedIds.add(row.id);
}

/** The e-mail code the caller's mailbox received last. */
async function mailedCode(client: ApiClient): Promise<string> {
  return c.t.mailbox.code((await c.ctx.prisma.user.findUniqueOrThrow({ where: { id: client.userId } })).email);
}

const scenarios: Record<string, Scenario> = {
  'user.create': {
    ...onRecord(() => '', { email: 'new.user@example.test', username: 'newuser', firstName: 'New', lastName: 'User', organizationId: '', roleId: '', password: NEW_PASSWORD }),
    // The panel once stored "not-an-email" where REST answered 400.
    invalid: { actor: 'admin', input: () => ({ email: 'not-an-email', username: 'newuser', firstName: 'New', lastName: 'User', organizationId: c.acme, roleId: ids.operations }) },
    also: [
      { actor: 'admin', input: () => ({ email: 'a@example.test, b@example.test', username: 'two', firstName: 'Two', lastName: 'Users', organizationId: c.acme, roleId: ids.operations }) },
      { actor: 'admin', input: () => ({ email: 'a@example.test\r\nBcc: b@example.test', username: 'crlf', firstName: 'Cr', lastName: 'Lf', organizationId: c.acme, roleId: ids.operations }) },
    ],
  },
  'user.edit': onRecord(victim, { firstName: 'Renamed' }, { invalid: { actor: 'admin', id: victim, input: () => ({ firstName: '' }) } }),
  'user.lock': onRecord(victim, {}),
  'user.unlock': onRecord(victim, {}, { prepare: setUser(victim, { lockedUntil: new Date('9999-12-31T00:00:00Z') }) }),
  'user.disable': onRecord(victim, {}, { also: [{ actor: 'admin', id: victim, input: () => ({ reason: '  Audit  ', until: '2099-01-01T00:00:00.000Z' }) }, { actor: 'admin', id: victim, input: () => ({ until: '2000-01-01T00:00:00.000Z' }) }] }),
  'user.enable': onRecord(victim, {}, { prepare: setUser(victim, { status: 'DISABLED' }) }),
  'user.resetPassword': onRecord(victim, {}),
  'user.setPassword': onRecord(victim, { password: NEW_PASSWORD }, { invalid: { actor: 'admin', id: victim, input: () => ({ password: '' }) } }),
  'user.setMfa': onRecord(victim, { method: 'EMAIL' }, { invalid: { actor: 'admin', id: victim, input: () => ({ method: 'SMS' }) } }),
  'user.editRole': onRecord(victim, {}, { also: [{ actor: 'admin', id: victim, input: () => ({ organizationId: c.acme, roleId: ids.accountantRole, expiresAt: '2099-01-01T00:00:00.000Z' }) }] }),
  // R-EXP-3: a new end, and one already past (400 either way, nothing changes).
  'user.extendAccess': onRecord(victim, {}, {
    also: [
      { actor: 'admin', id: victim, input: () => ({ organizationId: c.acme, expiresAt: null }) },
      { actor: 'admin', id: victim, input: () => ({ organizationId: c.acme, expiresAt: '2000-01-01T00:00:00.000Z' }) },
    ],
  }),
  'user.editAccessRights': onRecord(victim, {}),
  'user.previewRoleChange': onRecord(victim, {}),
  'user.previewAccessRights': onRecord(victim, {}),
  'user.editScope': onRecord(victim, {}),
  'user.assignOrganizations': onRecord(victim, {}),
  'user.remove': onRecord(victim, {}),
  'user.endSessions': onRecord(victim, {}, { prepare: signInTwice(victim) }),
  // R-IMP-1: the administrator signs in as the victim; the operator lacks the permission. The session is not in the snapshots.
  'user.impersonate': onRecord(victim, {}),
  // Stopped from inside an impersonation the administrator starts first; nothing to stop is a conflict, not a denial.
  'account.stopImpersonation': {
    allowed: { actor: 'admin', input: () => ({}), prepare: impersonateVictim },
    denied: null,
    outOfScope: null,
    invalid: { actor: 'admin', input: () => ({ unexpected: true }) },
  },
  'invitation.create': {
    ...onRecord(() => '', {}),
    // The panel once kept the case of the address and invited an existing member; REST answered 409.
    also: [
      { actor: 'admin', input: () => ({ email: 'Victim@Example.TEST', organizationId: c.acme, roleId: ids.operations }) },
      // The panel's form once sent mail to extra recipients: a list, or a header smuggled after CR/LF.
      { actor: 'admin', input: () => ({ email: 'one@example.test,two@example.test', organizationId: c.acme, roleId: ids.operations }) },
      { actor: 'admin', input: () => ({ email: 'one@example.test\r\nBcc: two@example.test', organizationId: c.acme, roleId: ids.operations }) },
    ],
  },
  'invitation.resend': onRecord(withIdOf('invitation'), {}),
  'invitation.revoke': onRecord(withIdOf('invitation'), {}),
  'organization.create': onRecord(() => '', {}),
  'organization.update': onRecord(() => c.acme, { name: 'Acme Ltd' }),
  // Only the owner transfers; the administrator, who holds every permission, is refused (R-OWNER-2).
  'organization.transferOwnership': {
    allowed: { actor: 'owner', id: () => c.acme, input: () => ({ newOwnerId: c.admin, currentPassword: PASSWORD }) },
    denied: { actor: 'admin', id: () => c.acme, input: () => ({ newOwnerId: c.admin, currentPassword: PASSWORD }) },
    outOfScope: { actor: 'outsider', id: () => c.acme, input: () => ({ newOwnerId: c.globexOwner, currentPassword: PASSWORD }) },
    also: [{ actor: 'owner', id: () => c.acme, input: () => ({ newOwnerId: c.admin, currentPassword: 'Wrong-Password-1!' }) }],
  },
  'role.create': onRecord(() => '', {}),
  'role.update': onRecord(withIdOf('spareRole'), { name: 'Renamed role' }),
  'role.delete': onRecord(withIdOf('spareRole'), {}),
  'role.migrate': onRecord(withIdOf('accountantRole'), { policyName: 'Accountant policy' }),
  'policy.create': onRecord(() => '', {}),
  'policy.update': onRecord(withIdOf('sparePolicy'), { name: 'Renamed policy' }),
  'role.previewUpdate': onRecord(withIdOf('spareRole'), { policyIds: [] }),
  'policy.previewUpdate': onRecord(withIdOf('sparePolicy'), { grants: ['report.view', 'page.dashboard'] }),
  'policy.delete': onRecord(withIdOf('doomedPolicy'), {}),
  'account.updateProfile': onAccount(() => ({ firstName: 'Ada' }), () => ({ email: 'someone.else@example.test' })),
  'account.changePassword': onAccount(() => ({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }), () => ({ currentPassword: 'Wrong-Password-1!', newPassword: NEW_PASSWORD })),
  'account.startTotp': onAccount(() => ({ currentPassword: PASSWORD }), () => ({ currentPassword: 'Wrong-Password-1!' })),
  'account.confirmTotp': onAccount(
    async (client) => ({ code: await currentTotpCode(c.ctx, (client as { enrolmentSecret?: string }).enrolmentSecret ?? '') }),
    () => ({ code: '000000' }),
    startEnrolment,
  ),
  'account.recoveryCodes': onAccount(() => ({ currentPassword: PASSWORD }), () => ({ currentPassword: 'Wrong-Password-1!' }), async (client) => {
    await setUser(() => client.userId, { mfaMethod: 'TOTP', mfaEnrolled: true })();
  }),
  'account.emailOtp': onAccount(() => ({ currentPassword: PASSWORD }), () => ({ currentPassword: 'Wrong-Password-1!' })),
  'account.confirmEmailOtp': onAccount(
    async (client) => ({ code: await mailedCode(client) }),
    async (client) => ({ code: String((Number(await mailedCode(client)) + 1) % 1_000_000).padStart(6, '0') }),
    async (client) => {
      const sent = await client.call('post', '/me/mfa/email', { currentPassword: PASSWORD });
      assert.equal(sent.status, 200, JSON.stringify(sent.body));
      preparedIds.add(sent.body.challengeId);
    },
  ),
  'account.mfaOff': onAccount(() => ({ currentPassword: PASSWORD }), () => ({ currentPassword: 'Wrong-Password-1!' }), async (client) => {
    await setUser(() => client.userId, { mfaMethod: 'EMAIL', mfaEnrolled: true })();
  }),
  'account.securityQuestion': onAccount(() => ({ currentPassword: PASSWORD, question: securityQuestions[0], answer: 'Rex' }), () => ({ currentPassword: 'Wrong-Password-1!', question: securityQuestions[0], answer: 'Rex' })),
  // Sessions are not restored between runs: each run starts from the caller's one session plus one other.
  'account.endSession': onAccount(otherSessionOf, () => ({ session: 'f'.repeat(32) }), onlyThisAndOneOther),
  'account.endOtherSessions': onAccount(() => ({}), null, onlyThisAndOneOther),
  'account.startPasskey': onAccount(() => ({ currentPassword: PASSWORD }), () => ({ currentPassword: 'Wrong-Password-1!' })),
  'account.addPasskey': onAccount((client) => ({ name: 'Phone', response: authenticator.register((client as { passkeyOptions?: never }).passkeyOptions!) }), null, startPasskey),
  'account.renamePasskey': onAccount(() => ({ passkey: ADMIN_PASSKEY, name: 'Work laptop' }), () => ({ passkey: 'not-a-passkey', name: 'Work laptop' })),
  'account.removePasskey': onAccount(() => ({ passkey: ADMIN_PASSKEY, currentPassword: PASSWORD }), () => ({ passkey: ADMIN_PASSKEY, currentPassword: 'Wrong-Password-1!' })),
  'user.removePasskey': onRecord(victim, { passkey: VICTIM_PASSKEY }),
  'apikey.create': {
    allowed: { actor: 'admin', input: () => ({ name: 'Script' }) },
    denied: { actor: 'accountant', input: () => ({ name: 'Script' }) },
    outOfScope: { actor: 'admin', input: () => ({ name: 'Script', organizationId: c.globex }) },
  },
  'apikey.revoke': { allowed: { actor: 'admin', id: withIdOf('adminKey'), input: () => ({}) }, denied: null, outOfScope: { actor: 'outsider', id: withIdOf('adminKey'), input: () => ({}) } },
};

/** Inputs that need the fixture's ids, filled in once they exist. */
function inputOf(key: string, call: Call, client: ApiClient): unknown | Promise<unknown> {
  const given = call.input(client);
  const filled: Record<string, () => unknown> = {
    'user.create': () => ({ ...(given as object), organizationId: c.acme, roleId: ids.operations }),
    'user.editRole': () => ({ organizationId: c.acme, roleId: ids.accountantRole }),
    'user.extendAccess': () => ({ organizationId: c.acme, expiresAt: '2099-06-01T12:00:00.000Z' }),
    'user.editAccessRights': () => ({ organizationId: c.acme, accessRights: [] }),
    'user.previewRoleChange': () => ({ organizationId: c.acme, roleId: ids.accountantRole }),
    'user.previewAccessRights': () => ({ organizationId: c.acme, accessRights: [] }),
    'role.previewUpdate': () => ({ policyIds: [ids.sparePolicy] }),
    'user.editScope': () => ({ organizationId: c.acme, scope: { transaction: ['1', '2'] } }),
    'user.assignOrganizations': () => ({ organizations: [{ organizationId: c.acme }, { organizationId: ids.west, roleId: ids.operations }] }),
    'user.remove': () => ({ organizationId: c.acme }),
    'invitation.create': () => ({ email: 'invitee@example.test', organizationId: c.acme, roleId: ids.operations }),
    'organization.create': () => ({ name: 'Acme East', parentId: c.acme }),
    'role.create': () => ({ organizationId: c.acme, name: 'New role', policyIds: [ids.sparePolicy] }),
    'policy.create': () => ({ organizationId: c.acme, name: 'New policy', grants: ['report.view'] }),
  };
  return filled[key] ? filled[key]() : given;
}

interface Outcome {
  readonly outcome: string;
  readonly changes: string;
}

function outcomeOf(status: number, body: { code?: string; rule?: string }): string {
  return status < 300 ? 'ok' : `${status} ${body.code ?? '?'} ${body.rule ?? ''}`.trim();
}

// Values that differ between two runs of the same change by nature: random ids, tokens and hashes,
// the wall-clock times Prisma fills in. Everything else must be equal.
const RANDOM_COLUMNS = new Set(['id', 'tokenHash', 'hash', 'prefix', 'passwordHash', 'codeHash', 'totpSecret', 'securityAnswerHash', 'challengeHash', 'text', 'html', 'sid']);
const CLOCK_COLUMNS = new Set(['createdAt', 'updatedAt', 'lastSeenAt', 'lastUsedAt', 'sentAt']);

/** Random ids of rows a scenario's `prepare` created (an e-mail code's challenge): they differ between the two runs too. */
const preparedIds = new Set<string>();

function normalized(changes: Awaited<ReturnType<Snapshots['changes']>>): string {
  // Ids of rows the change created (a changed row is both removed and added, with the same id).
  const newIds = new Set<string>(preparedIds);
  for (const { added, removed } of Object.values(changes)) {
    const before = new Set(removed.map((row) => row.id));
    for (const row of added) if (typeof row.id === 'string' && !before.has(row.id)) newIds.add(row.id);
  }
  // Random values of new rows (a key's prefix) may be repeated elsewhere, e.g. in the audit details.
  const randoms = new Set<string>();
  for (const { added } of Object.values(changes)) {
    for (const row of added) for (const column of RANDOM_COLUMNS) if (column !== 'id' && typeof row[column] === 'string' && (row[column] as string).length >= 8) randoms.add(row[column] as string);
  }
  const clean = (row: Record<string, unknown>): string => {
    const out: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      if (CLOCK_COLUMNS.has(column)) continue;
      if (RANDOM_COLUMNS.has(column) && column !== 'id') continue;
      let text = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? String(value) : value;
      if (typeof text === 'string') {
        for (const id of newIds) text = (text as string).replaceAll(id, '<new>');
        for (const random of randoms) text = (text as string).replaceAll(random, '<random>');
      }
      out[column] = text;
    }
    return JSON.stringify(out);
  };
  const tables = Object.keys(changes).sort();
  return JSON.stringify(
    tables.map((name) => {
      const { added, removed } = changes[name] as { added: Record<string, unknown>[]; removed: Record<string, unknown>[] };
      // A changed row appears as removed (old) and added (new) with the same id.
      return { table: name, added: added.map(clean).sort(), removed: removed.map(clean).sort() };
    }),
  );
}

async function signedIn(actor: Actor): Promise<ApiClient> {
  return c.client(usernames[actor]);
}

async function viaRest(operation: AnyOperation, key: string, call: Call): Promise<Outcome> {
  await db.base.restore();
  const client = await signedIn(call.actor);
  await call.prepare?.(client);
  const input = await inputOf(key, call, client);
  await db.run.take();
  const path = operation.rest.path.replace(':id', encodeURIComponent(call.id?.() ?? ''));
  const response = await client.call(operation.rest.method, path, takesNoInput(operation) && !(input && Object.keys(input as object).length > 0) ? undefined : input);
  return { outcome: outcomeOf(response.status, response.body), changes: normalized(await db.run.changes()) };
}

async function viaPanel(operation: AnyOperation, key: string, call: Call): Promise<Outcome> {
  await db.base.restore();
  const client = await signedIn(call.actor);
  await call.prepare?.(client);
  const input = await inputOf(key, call, client);
  await db.run.take();
  const placement = placementsOf(operation)[0];
  assert.ok(placement, `${key} has a panel action`);
  const recordId = operation.self ? client.userId : (call.id?.() ?? '');
  const path =
    placement.kind === 'record'
      ? `/admin/api/resources/${placement.resource}/records/${encodeURIComponent(recordId)}/${placement.name}`
      : `/admin/api/resources/${placement.resource}/actions/${placement.name}`;
  const response = await client.agent.post(path).set('x-csrf-token', client.csrfToken).send({ input: JSON.stringify(input) });
  const refused = response.status >= 300 || response.body.notice?.type === 'error';
  return { outcome: refused ? outcomeOf(response.status === 200 ? 500 : response.status, response.body) : 'ok', changes: normalized(await db.run.changes()) };
}

const cases = ['allowed', 'denied', 'outOfScope', 'invalid'] as const;

test('every built-in operation has a REST route, a panel action and a row in the parity table', () => {
  for (const operation of builtInOperations) {
    assert.ok(placementsOf(operation).length > 0, `${operation.key} has a panel action`);
    assert.ok(scenarios[operation.key], `${operation.key} has parity cases`);
  }
  assert.deepEqual(Object.keys(scenarios).filter((key) => !builtInOperations.some((operation) => operation.key === key)), []);
});

for (const operation of builtInOperations) {
  test(`R-AUDIT-1 / R-TENANT-1: ${operation.key} — REST and panel give the same outcome, the same change and the same audit rows`, async () => {
    const scenario = scenarios[operation.key];
    assert.ok(scenario, `${operation.key} has parity cases`);
    const expected = { allowed: 'ok', outOfScope: /^404 NOT_FOUND/, invalid: /^400 / };
    for (const [index, call] of (scenario.also ?? []).entries()) {
      const rest = await viaRest(operation, '', call);
      const panel = await viaPanel(operation, '', call);
      assert.equal(panel.outcome, rest.outcome, `${operation.key} also #${index + 1}: the same outcome`);
      assert.equal(panel.changes, rest.changes, `${operation.key} also #${index + 1}: the same change and audit rows`);
    }
    for (const name of cases) {
      const call =
        name === 'invalid'
          ? (scenario.invalid ?? { ...scenario.allowed, input: (client: ApiClient) => Promise.resolve(inputOf(operation.key, scenario.allowed, client)).then((value) => ({ ...(value as object), unexpected: true })) })
          : scenario[name];
      if (!call) continue;
      // The invalid default is already complete: it must not be filled in again.
      const runCall = name === 'invalid' && !scenario.invalid ? { ...call, input: call.input } : call;
      const rest = await viaRest(operation, name === 'invalid' && !scenario.invalid ? '' : operation.key, runCall);
      const panel = await viaPanel(operation, name === 'invalid' && !scenario.invalid ? '' : operation.key, runCall);
      assert.equal(panel.outcome, rest.outcome, `${operation.key} ${name}: the same outcome`);
      assert.equal(panel.changes, rest.changes, `${operation.key} ${name}: the same change and audit rows`);
      if (name === 'allowed') assert.equal(rest.outcome, 'ok', `${operation.key}: the allowed case succeeds`);
      if (name === 'denied') assert.match(rest.outcome, /^(401|403|404) /, `${operation.key}: the denied case is refused`);
      if (name === 'outOfScope') assert.match(rest.outcome, expected.outOfScope, `${operation.key}: out of scope answers 404`);
      if (name === 'invalid') {
        assert.match(rest.outcome, expected.invalid, `${operation.key}: invalid input answers 400`);
        assert.equal(rest.changes, '[]', `${operation.key}: invalid input changes nothing`);
      }
    }
  });
}
