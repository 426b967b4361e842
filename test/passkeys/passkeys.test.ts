// R-PASSKEY-1 and R-PASSKEY-2 through the REST API, with a software authenticator (P-256 keys from
// node:crypto, the browser's answers built by hand): enrolment of several named passkeys, rename
// and removal, the passkey as second step and as passwordless sign-in, replayed challenges, a
// cloned credential, the account's state and address (R-STATE-1, R-IP-1), the lock (R-LOCK-1), and
// an administrator's list and removal of another user's passkeys under R-ESC-2.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import { SoftwareAuthenticator } from '../support/software-authenticator.ts';
import { auditOf, PASSWORD, world, type World } from '../users/world.ts';

let w: World;
let helpdesk: string;
let viewer: string;
let counter = 0;
const site = { origin: 'http://localhost:3000', rpId: 'localhost' };

before(async () => {
  w = await world();
  // A role that may change second factors and see users, nothing more: it dominates only those who hold no more (R-ESC-2).
  const role = (key: string, permissions: readonly string[]) =>
    w.t.prisma.role.create({ data: { key, name: key, organizationId: w.org.acme, kind: 'CUSTOM', legacyPermissions: JSON.stringify(permissions) } });
  await role('helpdesk', ['user.view', 'user.setMfa']);
  await role('viewer', ['user.view']);
  helpdesk = await w.member('helpdesk', [{ organizationId: w.org.acme, roleKey: 'helpdesk' }]);
  viewer = await w.member('viewer', [{ organizationId: w.org.acme, roleKey: 'viewer' }]);
});
after(() => w.close());

/** A fresh member of Acme with the viewer role, signed in with the password. */
async function newUser(): Promise<{ id: string; username: string; client: ApiClient }> {
  counter += 1;
  const username = `keyholder${counter}`;
  const id = await w.member(username, [{ organizationId: w.org.acme, roleKey: 'viewer' }]);
  return { id, username, client: await signIn(w.t.app, username, PASSWORD) };
}

/** The two calls of an enrolment, as the panel makes them. */
async function enrol(client: ApiClient, authenticator: SoftwareAuthenticator, name: string) {
  const started = await client.call('post', '/me/passkeys/options', { currentPassword: PASSWORD });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const response = authenticator.register(started.body.options);
  return { response, added: await client.call('post', '/me/passkeys', { name, response }) };
}

async function enrolled(client: ApiClient, name = 'Laptop'): Promise<SoftwareAuthenticator> {
  const authenticator = new SoftwareAuthenticator(site);
  const { added } = await enrol(client, authenticator, name);
  assert.equal(added.status, 201, JSON.stringify(added.body));
  return authenticator;
}

/** A passwordless sign-in in a new browser: the options, the authenticator's answer, the sign-in. */
async function passwordless(authenticator: SoftwareAuthenticator, answer: (challenge: string) => unknown = (challenge) => authenticator.assert(challenge)) {
  const agent = request.agent(w.t.app);
  const options = await agent.post(`${API}/auth/passkey/options`).send({});
  assert.equal(options.status, 200, JSON.stringify(options.body));
  assert.equal(options.body.options.userVerification, 'required');
  const response = answer(options.body.options.challenge);
  return { agent, response, signedIn: await agent.post(`${API}/auth/passkey`).send({ response }) };
}

test('R-PASSKEY-1: a user adds several named passkeys; the list shows names and dates, never a key or credential id', async () => {
  const { client } = await newUser();
  const laptop = await enrolled(client, '  Work laptop ');
  const phone = await enrolled(client, 'Phone');
  const listed = await client.call('get', '/me/passkeys');
  assert.equal(listed.status, 200);
  assert.equal(listed.body.total, 2);
  assert.deepEqual(listed.body.items.map((item: { name: string }) => item.name), ['Work laptop', 'Phone']);
  for (const item of listed.body.items) assert.deepEqual(Object.keys(item).sort(), ['backedUp', 'createdAt', 'deviceType', 'id', 'lastUsedAt', 'name', 'transports']);
  const text = JSON.stringify(listed.body);
  for (const secretish of [laptop.id, phone.id]) assert.ok(!text.includes(secretish), 'no credential id leaves');
  assert.deepEqual(listed.body.items[0].transports, ['internal']);
});

test('R-PASSKEY-1: enrolment needs the current password, and its challenge is single use, for that user, from this site', async () => {
  const { id, client } = await newUser();
  const wrong = await client.call('post', '/me/passkeys/options', { currentPassword: 'Not-The-Password-1!' });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.body.code, 'WRONG_CURRENT_PASSWORD');

  const authenticator = new SoftwareAuthenticator(site);
  const { response, added } = await enrol(client, authenticator, 'Key');
  assert.equal(added.status, 201);
  // The same answer again: its challenge is spent.
  const replay = await client.call('post', '/me/passkeys', { name: 'Again', response });
  assert.equal(replay.status, 410);

  // A challenge issued to one user does not enrol another.
  const other = await newUser();
  const started = await client.call('post', '/me/passkeys/options', { currentPassword: PASSWORD });
  const foreign = await other.client.call('post', '/me/passkeys', { name: 'Stolen', response: new SoftwareAuthenticator(site).register(started.body.options) });
  assert.equal(foreign.status, 410);

  // An answer made on another origin is not a passkey of this site.
  const again = await client.call('post', '/me/passkeys/options', { currentPassword: PASSWORD });
  const phished = await client.call('post', '/me/passkeys', { name: 'Elsewhere', response: new SoftwareAuthenticator(site).register(again.body.options, { origin: 'http://evil.example' }) });
  assert.equal(phished.status, 400);
  assert.equal(phished.headers['content-type'], 'application/problem+json; charset=utf-8');

  // Malformed answers are 400 problems that change nothing.
  for (const body of [{ name: 'X', response: { id: 'abc' } }, { name: '', response }, { name: 'X', response, extra: true }, { name: 'X', response: { ...response, response: { ...response.response, clientDataJSON: 'not base64url!' } } }]) {
    const bad = await client.call('post', '/me/passkeys', body);
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.ok(!JSON.stringify(bad.body).includes('    at '), 'no stack trace');
  }
  assert.equal(await w.t.prisma.passkey.count({ where: { userId: id } }), 1);
  const events = (await auditOf(w.t, id)).filter((row) => row.action === 'account.addPasskey');
  assert.equal(events.length, 1);
  assert.equal(JSON.parse(events[0]!.details).passkeyName, 'Key');
});

test('R-PASSKEY-1, R-STEP-1: a passkey is renamed, and removed only with the current password; a removed passkey signs nobody in', async () => {
  const { client } = await newUser();
  const authenticator = await enrolled(client, 'Old name');
  const [item] = (await client.call('get', '/me/passkeys')).body.items as { id: string }[];
  const renamed = await client.call('post', '/me/passkeys/rename', { passkey: item!.id, name: 'New name' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'New name');
  assert.equal((await client.call('post', '/me/passkeys/rename', { passkey: 'nope', name: 'X' })).status, 404);

  const refused = await client.call('post', '/me/passkeys/remove', { passkey: item!.id, currentPassword: 'Not-The-Password-1!' });
  assert.equal(refused.status, 403);
  assert.equal((await client.call('get', '/me/passkeys')).body.total, 1);
  const removed = await client.call('post', '/me/passkeys/remove', { passkey: item!.id, currentPassword: PASSWORD });
  assert.deepEqual(removed.body, { removed: 1 });
  assert.equal((await client.call('get', '/me/passkeys')).body.total, 0);
  const { signedIn } = await passwordless(authenticator);
  assert.equal(signedIn.status, 401);
});

test('R-PASSKEY-2, R-SESS-1: a passkey alone signs in; the session then works and ends as any other', async () => {
  const { id, client } = await newUser();
  const authenticator = await enrolled(client);
  const { agent, signedIn } = await passwordless(authenticator);
  assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
  assert.equal(signedIn.body.status, 'signed-in');
  assert.equal(signedIn.body.userId, id);
  assert.equal((await agent.get(`${API}/me`)).status, 200);
  const stored = await w.t.prisma.passkey.findFirstOrThrow({ where: { userId: id } });
  assert.equal(stored.counter, 1);
  assert.ok(stored.lastUsedAt);
  const event = await w.t.prisma.auditEvent.findFirst({ where: { action: 'auth.signIn', targetId: id, outcome: 'ALLOWED' }, orderBy: { at: 'desc' } });
  assert.equal(JSON.parse(event?.details ?? '{}').method, 'passkey');
  // R-SESS-1: locking the user ends the session at its next request.
  await w.t.prisma.user.update({ where: { id }, data: { lockedUntil: new Date('9999-01-01T00:00:00Z') } });
  assert.equal((await agent.get(`${API}/me`)).status, 401);
});

test('R-PASSKEY-2: a used challenge does not sign in again, and passwordless needs user verification', async () => {
  const { client } = await newUser();
  const authenticator = await enrolled(client);
  const { agent, response, signedIn } = await passwordless(authenticator);
  assert.equal(signedIn.status, 200);
  const replayed = await request.agent(w.t.app).post(`${API}/auth/passkey`).send({ response });
  assert.equal(replayed.status, 410);
  assert.equal((await agent.get(`${API}/me`)).status, 200);

  const unverified = await passwordless(authenticator, (challenge) => authenticator.assert(challenge, { userVerified: false }));
  assert.equal(unverified.signedIn.status, 401);
  // A challenge nobody issued.
  const made = await request.agent(w.t.app).post(`${API}/auth/passkey`).send({ response: authenticator.assert('bm90LWlzc3VlZA') });
  assert.equal(made.status, 410);
});

test('R-PASSKEY-2: a cloned credential (a correctly signed answer whose counter did not grow) is refused, audited and counted', async () => {
  const { id, client } = await newUser();
  const authenticator = await enrolled(client);
  const copy = authenticator.clone();
  assert.equal((await passwordless(authenticator)).signedIn.status, 200);
  const { signedIn } = await passwordless(copy);
  assert.equal(signedIn.status, 401);
  const denied = await w.t.prisma.auditEvent.findFirst({ where: { action: 'auth.passkey', targetId: id, outcome: 'DENIED', rule: 'R-PASSKEY-2' } });
  assert.ok(denied, 'the clone is audited as a denial');
  assert.equal(JSON.parse(denied.details).reason, 'cloned credential');
  const user = await w.t.prisma.user.findUniqueOrThrow({ where: { id } });
  assert.equal(user.failedAttempts, 1);
  assert.equal((await w.t.prisma.passkey.findFirstOrThrow({ where: { userId: id } })).counter, 1, 'the clone moved nothing');
});

test('R-PASSKEY-2, R-LOCK-1: failed answers count towards the lock of the user the passkey names; a locked account is answered as locked', async () => {
  const { id, client } = await newUser();
  const authenticator = await enrolled(client);
  const { maxAttempts } = w.t.gatehouse.context.config.lockout;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const { signedIn } = await passwordless(authenticator, (challenge) => authenticator.assert(challenge, { origin: 'http://evil.example' }));
    assert.equal(signedIn.status, 401, `attempt ${attempt}`);
  }
  const user = await w.t.prisma.user.findUniqueOrThrow({ where: { id } });
  assert.ok(user.lockedUntil && user.lockedUntil > w.t.clock.now(), 'the account locked');
  const { signedIn } = await passwordless(authenticator);
  assert.equal(signedIn.status, 423);
  assert.equal(signedIn.body.code, 'ACCOUNT_LOCKED');
});

test('R-PASSKEY-2, R-STATE-1, R-IP-1: a disabled account, or an address outside the allowlist, is refused like a wrong answer', async () => {
  for (const [data, reason] of [
    [{ status: 'DISABLED' as const }, 'disabled'],
    [{ ipAllowlist: JSON.stringify(['203.0.113.0/24']) }, 'ip-allowlist'],
  ] as const) {
    const { id, client } = await newUser();
    const authenticator = await enrolled(client);
    await w.t.prisma.user.update({ where: { id }, data });
    const { agent, signedIn } = await passwordless(authenticator);
    assert.equal(signedIn.status, 401);
    assert.equal(signedIn.body.code, 'INVALID_CREDENTIALS');
    assert.equal((await agent.get(`${API}/me`)).status, 401);
    const denied = await w.t.prisma.auditEvent.findFirst({ where: { action: 'auth.signIn', targetId: id, outcome: 'DENIED' }, orderBy: { at: 'desc' } });
    assert.equal(JSON.parse(denied?.details ?? '{}').reason, reason);
    assert.equal((await w.t.prisma.passkey.findFirstOrThrow({ where: { userId: id } })).lastUsedAt, null, 'a refused sign-in is not a use');
  }
});

test('R-PASSKEY-2, R-LOCK-1: a passkey answers the second step after the password; a wrong one counts like a wrong code', async () => {
  const { id, username, client } = await newUser();
  const authenticator = await enrolled(client);
  await w.t.prisma.user.update({ where: { id }, data: { mfaMethod: 'EMAIL', mfaEnrolled: true } });
  const stranger = await newUser();
  const foreign = await enrolled(stranger.client);

  const agent = request.agent(w.t.app);
  assert.equal((await agent.post(`${API}/auth/mfa/passkey/options`).send({})).status, 401, 'no sign-in is pending');
  const login = await agent.post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD });
  assert.equal(login.body.status, 'second-factor-required');
  const options = await agent.post(`${API}/auth/mfa/passkey/options`).send({});
  assert.equal(options.status, 200);
  assert.deepEqual(options.body.options.allowCredentials.map((item: { id: string }) => item.id), [authenticator.id]);

  // Another user's passkey does not answer this user's step.
  const wrong = await agent.post(`${API}/auth/mfa/passkey`).send({ response: foreign.assert(options.body.options.challenge) });
  assert.equal(wrong.status, 401);
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id } })).failedAttempts, 1);
  assert.equal((await agent.get(`${API}/me`)).status, 401);

  const retry = await agent.post(`${API}/auth/mfa/passkey/options`).send({});
  const passed = await agent.post(`${API}/auth/mfa/passkey`).send({ response: authenticator.assert(retry.body.options.challenge) });
  assert.equal(passed.status, 200, JSON.stringify(passed.body));
  assert.equal(passed.body.userId, id);
  assert.equal((await agent.get(`${API}/me`)).status, 200);
  assert.equal((await w.t.prisma.user.findUniqueOrThrow({ where: { id } })).failedAttempts, 0);
  // A passwordless challenge does not answer a second step, nor the other way round.
  const login2 = request.agent(w.t.app);
  await login2.post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD });
  const loose = await login2.post(`${API}/auth/passkey/options`).send({});
  assert.equal((await login2.post(`${API}/auth/mfa/passkey`).send({ response: authenticator.assert(loose.body.options.challenge) })).status, 410);
});

test('R-PASSKEY-1, R-ESC-2: an administrator lists and removes the passkeys of a user they dominate', async () => {
  const target = await signIn(w.t.app, 'viewer', PASSWORD);
  const authenticator = await enrolled(target, 'Viewer key');
  const admin = await signIn(w.t.app, 'helpdesk', PASSWORD);
  const listed = await admin.call('get', `/users/${viewer}/passkeys`);
  assert.equal(listed.status, 200);
  assert.equal(listed.body.items[0].name, 'Viewer key');
  // The panel's Passkeys action offers the same passkeys, by name, to choose one to remove.
  const form = await admin.agent.get(`/admin/api/resources/User/records/${viewer}/passkeys`);
  assert.equal(form.status, 200);
  assert.match(JSON.stringify(form.body.data?.form ?? {}), /Viewer key \(added /);
  const removed = await admin.call('post', `/users/${viewer}/passkeys/remove`, { passkey: listed.body.items[0].id });
  assert.deepEqual(removed.body, { removed: 1 });
  assert.equal((await passwordless(authenticator)).signedIn.status, 401);
  const event = (await auditOf(w.t, viewer)).find((row) => row.action === 'user.removePasskey');
  assert.equal(event?.actorId, helpdesk);
  assert.equal(JSON.parse(event?.details ?? '{}').passkeyName, 'Viewer key');
  assert.equal((await admin.call('post', `/users/${viewer}/passkeys/remove`, { passkey: listed.body.items[0].id })).status, 404);
});

test('R-PASSKEY-1, R-ESC-2, R-OWNER-1: the passkeys of someone not dominated, or of the owner, are neither listed nor removed', async () => {
  const standard = await signIn(w.t.app, 'standard', PASSWORD);
  await enrolled(standard, 'Standard key');
  const [item] = (await standard.call('get', '/me/passkeys')).body.items as { id: string }[];
  const admin = await signIn(w.t.app, 'helpdesk', PASSWORD);
  for (const [target, rule, passkey] of [
    [w.users.standard, 'R-ESC-2', item!.id],
    [w.users.owner, 'R-OWNER-1', 'none'],
  ] as const) {
    for (const answer of [await admin.call('get', `/users/${target}/passkeys`), await admin.call('post', `/users/${target}/passkeys/remove`, { passkey })]) {
      assert.equal(answer.status, 403);
      assert.equal(answer.body.rule, rule);
    }
  }
  assert.equal(await w.t.prisma.passkey.count({ where: { userId: w.users.standard } }), 1);
  assert.ok(await w.t.prisma.auditEvent.findFirst({ where: { actorId: helpdesk, targetId: w.users.standard, outcome: 'DENIED', rule: 'R-ESC-2' } }));
  assert.equal((await admin.call('get', `/users/${w.users.stranger}/passkeys`)).status, 404);
  const plain = await signIn(w.t.app, 'viewer', PASSWORD);
  assert.equal((await plain.call('get', `/users/${w.users.standard}/passkeys`)).body.rule, 'R-PERM-1');
});
