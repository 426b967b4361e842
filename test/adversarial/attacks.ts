// The attacks of the suite beyond the matrix, the tenant walls and the fuzzer: brute force and
// enumeration, one-time tokens, sessions, races and headers. Each returns the problems it found.
import assert from 'node:assert/strict';
import request from 'supertest';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import { report } from './report.ts';
import { WORLD_PASSWORD, type World, type WorldUser } from './world.ts';

export async function tokenFromOutbox(world: World, to: string, kind: string): Promise<string> {
  return world.t.mailbox.token(to, kind);
}

export async function inviteSomeone(world: World, inviter: ApiClient, email: string, roleId: string): Promise<string> {
  const response = await inviter.call('post', '/invitations', { email, organizationId: world.orgs.a, roleId });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body.id as string;
}

const login = (world: World, identifier: string, password: string) => request(world.t.app).post(`${API}/auth/login`).send({ identifier, password });

/** R-LOCK-1 under load: 100 concurrent wrong passwords lock once and count exactly. */
export async function concurrentWrongPasswords(world: World, victim: WorldUser): Promise<void> {
  const answers = await Promise.all(Array.from({ length: 100 }, () => login(world, victim.username, 'Wrong-Password-0000!')));
  const statuses = answers.map((answer) => answer.status);
  const max = world.t.gatehouse.config.lockout.maxAttempts;
  assert.equal(statuses.filter((status) => status === 401).length, max, `exactly ${max} wrong passwords are counted`);
  assert.equal(statuses.filter((status) => status === 423).length, 100 - max);
  const user = await world.t.prisma.user.findUniqueOrThrow({ where: { id: victim.id } });
  assert.equal(user.failedAttempts, max);
  assert.equal(await world.t.prisma.auditEvent.count({ where: { action: 'user.lock', targetId: victim.id } }), 1, 'locked exactly once');
  // Locked: even the right password answers 423, without a check of it.
  assert.equal((await login(world, victim.username, WORLD_PASSWORD)).status, 423);
}

/**
 * R-AUTH-1: unknown user and wrong password are indistinguishable, in body and status, and do the
 * same work (password checks counted per attempt); their median times are measured for the record.
 */
export async function enumerationResistance(world: World, known: WorldUser): Promise<{ unknownMs: number; wrongMs: number; unknownChecks: number[]; wrongChecks: number[] }> {
  const unknown = await login(world, 'nobody.at.all@world.test', 'Wrong-Password-0000!');
  const wrong = await login(world, known.username, 'Wrong-Password-0000!');
  assert.equal(unknown.status, wrong.status);
  assert.deepEqual(unknown.body, wrong.body);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const passwords = world.t.gatehouse.context.passwords;
  const attempt = async (identifier: string) => {
    const checks = passwords.performed;
    const started = performance.now();
    await login(world, identifier, 'Wrong-Password-0000!');
    return { ms: performance.now() - started, checks: passwords.performed - checks };
  };
  const unknownRuns: { ms: number; checks: number }[] = [];
  const wrongRuns: { ms: number; checks: number }[] = [];
  // Interleaved, so that load on the machine hits both alike; the lockout is reset as it goes.
  for (let round = 0; round < 50; round += 1) {
    unknownRuns.push(await attempt(`ghost${round}@world.test`));
    wrongRuns.push(await attempt(known.username));
    if (round % 3 === 2) await world.t.prisma.user.update({ where: { id: known.id }, data: { failedAttempts: 0, lockedUntil: null } });
  }
  return {
    unknownMs: median(unknownRuns.map((run) => run.ms)),
    wrongMs: median(wrongRuns.map((run) => run.ms)),
    unknownChecks: unknownRuns.map((run) => run.checks),
    wrongChecks: wrongRuns.map((run) => run.checks),
  };
}

/** Invitation tokens: used, resent (old), revoked, truncated, expired, or someone else's — all refused. */
export async function invitationTokenAttacks(world: World, inviter: ApiClient, roleId: string): Promise<void> {
  const accept = (token: string, extra: object = {}) =>
    request(world.t.app).post(`${API}/invitations/accept`).send({ token, firstName: 'Eve', lastName: 'Attacker', username: `eve${Math.random().toString(36).slice(2, 8)}`, password: 'Eve-Attacker-2026!x', ...extra });
  const check = async (what: string, token: string, expected: number[]) => {
    const response = await accept(token);
    report.combinations += 1;
    if (!expected.includes(response.status)) report.leaks.push(`invitation token ${what}: answered ${response.status}`);
  };

  const first = await inviteSomeone(world, inviter, 'token.victim@world.test', roleId);
  const oldToken = await tokenFromOutbox(world, 'token.victim@world.test', 'invitation');
  assert.equal((await inviter.call('post', `/invitations/${first}/resend`)).status, 200);
  const newToken = await tokenFromOutbox(world, 'token.victim@world.test', 'invitation');
  assert.notEqual(oldToken, newToken);
  await check('resent (old link)', oldToken, [410]);
  await check('truncated', newToken.slice(0, -4), [400, 410]);
  await check('altered', `${newToken.slice(0, -1)}${newToken.endsWith('A') ? 'B' : 'A'}`, [400, 410]);
  const used = await accept(newToken);
  assert.equal(used.status, 200, JSON.stringify(used.body));
  await check('reused', newToken, [410]);

  const revoked = await inviteSomeone(world, inviter, 'revoked.victim@world.test', roleId);
  const revokedToken = await tokenFromOutbox(world, 'revoked.victim@world.test', 'invitation');
  assert.equal((await inviter.call('post', `/invitations/${revoked}/revoke`)).status, 200);
  await check('revoked', revokedToken, [410]);

  await inviteSomeone(world, inviter, 'expired.victim@world.test', roleId);
  const expiredToken = await tokenFromOutbox(world, 'expired.victim@world.test', 'invitation');
  world.t.clock.advance(world.t.gatehouse.config.invitationTtlMs + 1000);
  await check('expired', expiredToken, [410]);
}

/** Reset tokens: single use, and one user's token never sets another's password. */
export async function resetTokenAttacks(world: World, admin: ApiClient, victim: WorldUser): Promise<void> {
  const victimEmail = `${victim.username}@world.test`;
  assert.equal((await admin.call('post', `/users/${victim.id}/reset-password`)).status < 300, true);
  const token = await tokenFromOutbox(world, victimEmail, 'password-reset');
  const complete = (value: string, password: string) => request(world.t.app).post(`${API}/password-resets/complete`).send({ token: value, password });
  report.combinations += 3;
  if ((await complete(token.slice(0, 20), 'Reset-Attack-2026!x')).status < 400) report.leaks.push('reset token: a truncated token was accepted');
  assert.ok((await complete(token, 'Reset-Victim-2026!x')).status < 300);
  if ((await complete(token, 'Reset-Attack-2026!y')).status !== 410) report.leaks.push('reset token: reused');
  // The token did not touch anybody else's password.
  const others = await world.t.prisma.user.count({ where: { id: { not: victim.id }, passwordChangedAt: { gt: world.t.clock.now() } } });
  assert.equal(others, 0);
}

/** Tokens, codes and passwords never reach the audit trail or the outbox's other readers in clear. */
export async function secretsStayOutOfTheTrail(world: World, secrets: readonly string[]): Promise<void> {
  const events = await world.t.prisma.auditEvent.findMany({ select: { details: true } });
  const trail = JSON.stringify(events);
  for (const secret of secrets) if (trail.includes(secret)) report.leaks.push(`a secret (${secret.slice(0, 6)}…) is in the audit trail`);
}

/** Sessions: fixation, CSRF, signed-out and disabled sessions. */
export async function sessionAttacks(world: World, admin: ApiClient, victim: WorldUser): Promise<void> {
  // Fixation: a session id planted before sign-in is not the one after it.
  const agent = request.agent(world.t.app);
  const planted = await agent.post(`${API}/auth/login`).send({ identifier: 'nobody', password: 'x' });
  const plantedCookie = ([] as string[]).concat(planted.headers['set-cookie'] ?? [])[0]?.split(';')[0];
  const signedIn = await agent.post(`${API}/auth/login`).send({ identifier: victim.username, password: WORLD_PASSWORD });
  assert.equal(signedIn.status, 200);
  const cookies = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []);
  const sessionCookie = cookies.find((cookie) => cookie.startsWith('gatehouse.sid='));
  assert.ok(sessionCookie, 'a session cookie is set at sign-in');
  assert.notEqual(sessionCookie.split(';')[0], plantedCookie);
  assert.match(sessionCookie, /HttpOnly/i);
  assert.match(sessionCookie, /SameSite=Lax/i);

  // CSRF: the cookie alone cannot change anything.
  const csrfTry = await agent.patch(`${API}/me`).send({ firstName: 'Forged' });
  assert.equal(csrfTry.status, 403);
  assert.equal(csrfTry.body.code, 'CSRF');
  const wrongToken = await agent.patch(`${API}/me`).set('x-csrf-token', 'not-the-token').send({ firstName: 'Forged' });
  assert.equal(wrongToken.status, 403);
  assert.notEqual((await world.t.prisma.user.findUniqueOrThrow({ where: { id: victim.id } })).firstName, 'Forged');

  // Signed out: the old cookie opens nothing.
  const token = signedIn.body.csrfToken as string;
  assert.equal((await agent.post(`${API}/auth/logout`).set('x-csrf-token', token)).status, 204);
  const replay = await request(world.t.app).get(`${API}/me`).set('cookie', sessionCookie.split(';')[0] ?? '');
  assert.equal(replay.status, 401);

  // Disabled while signed in: cut on the next request.
  const live = await signIn(world.t.app, victim.username, WORLD_PASSWORD);
  assert.equal((await live.call('get', '/me')).status, 200);
  assert.ok((await admin.call('post', `/users/${victim.id}/disable`)).status < 300);
  assert.equal((await live.call('get', '/me')).status, 401);
  assert.ok((await admin.call('post', `/users/${victim.id}/enable`)).status < 300);
}

/** Helmet's headers on the panel and the API; no stack traces or framework banners anywhere. */
export async function headerChecks(world: World): Promise<void> {
  for (const path of ['/admin/login', `${API}/openapi.json`, `${API}/no-such-route`, `${API}/users`]) {
    const response = await request(world.t.app).get(path);
    assert.equal(response.headers['x-powered-by'], undefined, `${path}: no framework banner`);
    assert.equal(response.headers['x-content-type-options'], 'nosniff', `${path}: helmet`);
    assert.ok(response.headers['content-security-policy'], `${path}: a content security policy`);
    assert.ok(response.headers['x-frame-options'] || /frame-ancestors/.test(String(response.headers['content-security-policy'])), `${path}: no framing`);
    assert.doesNotMatch(response.text, /\bat \S+ \(|node_modules|Express|stack/i, `${path}: no internals`);
  }
  const broken = await request(world.t.app).post(`${API}/auth/login`).set('content-type', 'application/json').send('{"identifier":');
  assert.equal(broken.status, 400);
  assert.doesNotMatch(broken.text, /SyntaxError|at JSON\.parse|node_modules/);
}

function exactlyOneWins(label: string, statuses: number[], losers: number[]): void {
  const winners = statuses.filter((status) => status >= 200 && status < 300).length;
  const unexpected = statuses.filter((status) => (status < 200 || status >= 300) && !losers.includes(status));
  report.combinations += 1;
  if (winners !== 1 || unexpected.length > 0) report.mismatches.push(`race ${label}: ${winners} winners, others ${JSON.stringify(unexpected)}`);
}

/** 50 concurrent requests where only one may win: a unique role, an invitation, a reset link. */
export async function races(world: World, admin: ApiClient, uniqueRoleId: string, inviteRoleId: string): Promise<void> {
  // R-UNIQ-1: 50 members of a fresh sub-organisation, all promoted to the unique role at once.
  const plain = world.preset.roles.find((role) => !role.uniquePerOrganization && !role.ownerOnly && !role.custom && role.key !== world.preset.ownerRoleKey);
  assert.ok(plain);
  const holderOrg = await world.addOrganization();
  const candidates = await Promise.all(Array.from({ length: 50 }, () => world.addMember(plain.key, holderOrg)));
  const promoted = await Promise.all(candidates.map((candidate) => admin.call('put', `/users/${candidate.id}/role`, { organizationId: holderOrg, roleId: uniqueRoleId })));
  exactlyOneWins('unique role', promoted.map((response) => response.status), [409]);

  // One invitation accepted 50 times at once.
  await inviteSomeone(world, admin, 'race.invitee@world.test', inviteRoleId);
  const token = await tokenFromOutbox(world, 'race.invitee@world.test', 'invitation');
  const accepts = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      request(world.t.app).post(`${API}/invitations/accept`).send({ token, firstName: 'Race', lastName: String(i), username: `racer${i}`, password: 'Race-Winner-2026!x' }),
    ),
  );
  exactlyOneWins('accept one invitation', accepts.map((response) => response.status), [409, 410]);

  // One reset link completed 50 times at once.
  const victim = candidates[0] as WorldUser;
  assert.ok((await admin.call('post', `/users/${victim.id}/reset-password`)).status < 300);
  const resetToken = await tokenFromOutbox(world, `${victim.username}@world.test`, 'password-reset');
  const completions = await Promise.all(
    Array.from({ length: 50 }, (_, i) => request(world.t.app).post(`${API}/password-resets/complete`).send({ token: resetToken, password: `Race-Reset-2026!${i}x` })),
  );
  exactlyOneWins('complete one reset', completions.map((response) => response.status), [409, 410]);
}

/** R-MIG-1: 50 concurrent migrations of one legacy role; one wins, the rest are told it is done. */
export async function migrationRace(world: World, admin: ApiClient, roleId: string): Promise<void> {
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => admin.call('post', `/roles/${roleId}/migrate`, { policyName: `Migrated ${i}` })));
  exactlyOneWins('migrate one role', answers.map((response) => response.status), [409]);
  assert.equal(await world.t.prisma.rolePolicy.count({ where: { roleId } }), 1, 'one policy attached');
}
