// Access that expires (R-EXP-1, R-EXP-2, R-EXP-3): an end set through the REST API, judged from the
// injected clock at every request (no write, no job), the sign-in, the user list, extending it, the
// notice before the end and the expiry event after it, each exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import request from 'supertest';
import { endedMemberships, endingMemberships, recordEnd, recordEndedAccess, sendEndingNotices, sweepAccessExpiry, writeNotice } from '../../src/access-expiry/sweep.ts';
import { API, signIn } from '../support/agent.ts';
import { loadRecordAction, offeredActions, runRecordAction, signInToPanel } from '../panel/helpers.ts';
import { twoInstances } from '../support/two-instances.ts';
import { auditOf, PASSWORD, world, type World } from './world.ts';

let w: World;
before(async () => {
  w = await world();
});
after(() => w.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PROBLEM = 'application/problem+json; charset=utf-8';
const at = (ms: number): string => new Date(w.t.clock.now().getTime() + ms).toISOString();
let serial = 0;
/** A fresh Advanced User of Acme North (reached by the owner, Acme's Compliance Officer, from above). */
const contractor = () => w.member(`contractor${(serial += 1)}`, [{ organizationId: w.org.north, roleKey: 'advancedUser' }], { firstName: 'Connie', lastName: `Contractor${serial}` });
const usernameOf = async (id: string) => (await w.t.prisma.user.findUniqueOrThrow({ where: { id }, select: { username: true } })).username;
const membershipOf = (userId: string, organizationId: string) => w.t.prisma.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId, organizationId } } });

test('R-EXP-1: an end set through the REST API is carried by the membership view; requests are allowed before it and denied after it, with no write', async () => {
  const id = await contractor();
  const owner = await w.as('owner');
  // Within the session's idle timeout (30 minutes), so that the same session asks again after the end.
  const end = at(20 * MINUTE);
  const set = await owner.call('put', `/users/${id}/role`, { organizationId: w.org.north, roleId: (await membershipOf(id, w.org.north)).roleId, expiresAt: end });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  const shown = set.body.memberships.find((m: { organizationId: string }) => m.organizationId === w.org.north);
  assert.equal(shown.expiresAt, end);
  assert.equal(shown.ended, false);

  const member = await signIn(w.t.app, await usernameOf(id), PASSWORD);
  assert.equal((await member.call('get', `/organizations/${w.org.north}`)).status, 200, 'allowed while the access lasts');
  const rowsBefore = JSON.stringify([await membershipOf(id, w.org.north), await w.t.prisma.user.findUniqueOrThrow({ where: { id } })]);
  const eventsBefore = await w.t.prisma.auditEvent.count();

  // The cached actor was compiled before the end: it must stop granting at the end by itself.
  w.t.clock.advance(20 * MINUTE);
  const denied = await member.call('get', `/organizations/${w.org.north}`);
  assert.deepEqual([denied.status, denied.body.rule], [403, 'R-EXP-1'], 'denied once the end has come, naming the rule');
  assert.equal((await member.call('get', '/me')).status, 200, 'the session stays: one\'s own profile is R-SELF-2');
  assert.equal(JSON.stringify([await membershipOf(id, w.org.north), await w.t.prisma.user.findUniqueOrThrow({ where: { id } })]), rowsBefore, 'nothing was written');
  assert.equal(await w.t.prisma.auditEvent.count(), eventsBefore, 'not even an audit event: the end needs nobody to act');
  const after = await owner.call('get', `/users/${id}`);
  assert.equal(after.body.memberships.find((m: { organizationId: string }) => m.organizationId === w.org.north).ended, true);
});

test('R-EXP-1, R-EXP-2: a user whose only memberships have ended signs into nothing, answered as a wrong password; the end is recorded at that attempt', async () => {
  const id = await contractor();
  await w.t.prisma.membership.update({ where: { userId_organizationId: { userId: id, organizationId: w.org.north } }, data: { expiresAt: new Date(w.t.clock.now().getTime() + HOUR) } });
  const username = await usernameOf(id);
  assert.equal((await request(w.t.app).post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD })).status, 200, 'signs in before the end');
  w.t.clock.advance(HOUR);
  const refused = await request(w.t.app).post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD });
  const wrong = await request(w.t.app).post(`${API}/auth/login`).send({ identifier: username, password: 'Wrong-Horse-9!' });
  assert.equal(refused.status, 401);
  assert.deepEqual({ ...refused.body, instance: undefined }, { ...wrong.body, instance: undefined }, 'the same answer as a wrong password');
  const events = await auditOf(w.t, id);
  assert.ok(events.some((event) => event.action === 'auth.signIn' && event.outcome === 'DENIED' && JSON.parse(event.details).reason === 'access-ended'));
  assert.equal(events.filter((event) => event.action === 'user.accessEnded').length, 1, 'the expiry is in the trail at once');
  assert.equal((await request(w.t.app).post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD })).status, 401);
  assert.equal((await auditOf(w.t, id)).filter((event) => event.action === 'user.accessEnded').length, 1, 'and only once');
});

test('R-EXP-1, R-TENANT-1: once a membership has ended, its user is no longer a member of that organisation in the user list, its filters and its scope', async () => {
  const id = await contractor();
  const owner = await w.as('owner');
  const northCo = await w.as('northCo');
  const listed = async (client: typeof owner, query: string) => ((await client.call('get', `/users?${query}`)).body.items as { id: string }[]).some((user) => user.id === id);
  assert.equal((await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: at(10 * MINUTE) })).status, 200);
  assert.equal(await listed(owner, `organizationId=${w.org.north}`), true);
  assert.equal(await listed(northCo, 'pageSize=100'), true);
  assert.equal(await listed(owner, 'role=advancedUser&pageSize=100'), true);
  w.t.clock.advance(10 * MINUTE);
  assert.equal(await listed(owner, `organizationId=${w.org.north}`), false, 'not among the organisation\'s members');
  assert.equal(await listed(northCo, 'pageSize=100'), false, 'not in the scope of those who see that organisation\'s members');
  assert.equal(await listed(owner, 'role=advancedUser&pageSize=100'), false, 'not a holder of the role any more');
  assert.equal((await owner.call('get', `/users?organizationId=${w.org.north}`)).body.items.length, (await owner.call('get', `/users?organizationId=${w.org.north}`)).body.total);
});

test('R-EXP-3: extending an ended membership gives its access back at the next request; the old and the new end are audited and both markers are cleared', async () => {
  const id = await contractor();
  const owner = await w.as('owner');
  const first = at(HOUR);
  assert.equal((await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: first })).status, 200);
  w.t.clock.advance(HOUR);
  assert.equal(await recordEndedAccess(w.t.gatehouse.context, { userId: id }), 1);
  assert.ok((await membershipOf(id, w.org.north)).expiryRecordedAt);
  const username = await usernameOf(id);
  assert.equal((await request(w.t.app).post(`${API}/auth/login`).send({ identifier: username, password: PASSWORD })).status, 401);

  const second = at(14 * DAY);
  const extended = await (await w.as('owner')).call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: second });
  assert.equal(extended.status, 200, JSON.stringify(extended.body));
  const event = (await auditOf(w.t, id)).filter((row) => row.action === 'user.extendAccess' && row.outcome === 'ALLOWED').at(-1);
  assert.deepEqual(JSON.parse(event?.details ?? '{}'), { organizationId: w.org.north, fromExpiresAt: first, toExpiresAt: second });
  const row = await membershipOf(id, w.org.north);
  assert.equal(row.expiresAt?.toISOString(), second);
  assert.equal(row.expiryRecordedAt, null);
  assert.equal(row.expiryNoticeSentAt, null);
  const member = await signIn(w.t.app, username, PASSWORD);
  assert.equal((await member.call('get', `/organizations/${w.org.north}`)).status, 200, 'the access is back');

  // Removing the end: the membership no longer ends.
  const removed = await (await w.as('owner')).call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: null });
  assert.equal(removed.status, 200);
  assert.equal(removed.body.memberships.find((m: { organizationId: string }) => m.organizationId === w.org.north).expiresAt, null);
});

test('R-EXP-3, R-ESC-1, R-SELF-1, R-TENANT-1: extending is decided as changing the role: refused to whoever does not hold what the membership gives, on oneself and out of reach', async () => {
  const solo = (await w.t.prisma.organization.create({ data: { name: `Solo ${serial}` } })).id;
  await w.t.prisma.role.create({ data: { key: 'deputy', name: 'Deputy', organizationId: solo, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view', 'user.editRole']) } });
  const officer = await w.member(`officer${(serial += 1)}`, [{ organizationId: solo, roleKey: 'complianceOfficer' }]);
  const deputy = await w.member(`deputy${serial}`, [{ organizationId: solo, roleKey: 'deputy' }]);
  const asDeputy = await signIn(w.t.app, await usernameOf(deputy), PASSWORD);
  const before = JSON.stringify(await membershipOf(officer, solo));

  const escalates = await asDeputy.call('put', `/users/${officer}/access-end`, { organizationId: solo, expiresAt: at(30 * DAY) });
  assert.equal(escalates.status, 403);
  assert.equal(escalates.body.rule, 'R-ESC-1');
  assert.equal(JSON.stringify(await membershipOf(officer, solo)), before, 'nothing changed');
  const denial = (await auditOf(w.t, officer)).filter((row) => row.action === 'user.editRole' && row.outcome === 'DENIED').at(-1);
  assert.equal(denial?.rule, 'R-ESC-1', 'the refusal is audited with its rule');

  const asOfficer = await signIn(w.t.app, await usernameOf(officer), PASSWORD);
  const own = await asOfficer.call('put', `/users/${officer}/access-end`, { organizationId: solo, expiresAt: at(30 * DAY) });
  assert.equal(own.status, 403);
  assert.equal(own.body.rule, 'R-SELF-1');
  const foreign = await (await w.as('otherCo')).call('put', `/users/${officer}/access-end`, { organizationId: solo, expiresAt: at(30 * DAY) });
  assert.equal(foreign.status, 404);
  assert.equal(JSON.stringify(await membershipOf(officer, solo)), before);
});

test('R-EXP-3, R-OWNER-1: nobody but the owner sets an end on the owner\'s membership (and the owner cannot on their own, R-SELF-1)', async () => {
  await w.t.prisma.role.create({ data: { key: 'acmeDeputy', name: 'Acme deputy', organizationId: w.org.acme, kind: 'CUSTOM', legacyPermissions: JSON.stringify(['user.view', 'user.editRole']) } });
  const deputy = await w.member(`acmedeputy${(serial += 1)}`, [{ organizationId: w.org.acme, roleKey: 'acmeDeputy' }]);
  const asDeputy = await signIn(w.t.app, await usernameOf(deputy), PASSWORD);
  const onOwner = await asDeputy.call('put', `/users/${w.users.owner}/access-end`, { organizationId: w.org.acme, expiresAt: at(DAY) });
  assert.equal(onOwner.status, 403);
  assert.equal(onOwner.body.rule, 'R-OWNER-1');
  const own = await (await w.as('owner')).call('put', `/users/${w.users.owner}/access-end`, { organizationId: w.org.acme, expiresAt: at(DAY) });
  assert.equal(own.status, 403);
  assert.equal(own.body.rule, 'R-SELF-1');
  assert.equal((await membershipOf(w.users.owner, w.org.acme)).expiresAt, null);
});

test('R-EXP-1, R-INPUT-1: an end that is not in the future, or not a date, is 400 problem+json and changes nothing, on every operation that takes one', async () => {
  const id = await contractor();
  const owner = await w.as('owner');
  const roleId = (await membershipOf(id, w.org.north)).roleId;
  const before = JSON.stringify(await membershipOf(id, w.org.north));
  const eventsBefore = (await auditOf(w.t, id)).length;
  const past = at(-1);
  const attempts = [
    await owner.call('put', `/users/${id}/role`, { organizationId: w.org.north, roleId, expiresAt: past }),
    await owner.call('put', `/users/${id}/role`, { organizationId: w.org.north, roleId, expiresAt: 'next tuesday' }),
    await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: w.t.clock.now().toISOString() }),
    await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: '2026-13-40T00:00:00Z' }),
    await owner.call('put', `/users/${id}/organizations`, { organizations: [{ organizationId: w.org.north }, { organizationId: w.org.south, roleId, expiresAt: past }] }),
  ];
  for (const [index, answer] of attempts.entries()) {
    assert.equal(answer.status, 400, `attempt ${index + 1}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.headers['content-type'], PROBLEM);
  }
  assert.equal(JSON.stringify(await membershipOf(id, w.org.north)), before);
  assert.equal(await w.t.prisma.membership.count({ where: { userId: id } }), 1, 'no membership was added');
  assert.equal((await auditOf(w.t, id)).length, eventsBefore, 'bad input is not a denial: nothing audited');
});

test('R-EXP-1: a new membership assigned with an end gives its role until then', async () => {
  const id = await contractor();
  const owner = await w.as('owner');
  const roleId = (await membershipOf(id, w.org.north)).roleId;
  const end = at(15 * MINUTE);
  const assigned = await owner.call('put', `/users/${id}/organizations`, { organizations: [{ organizationId: w.org.north }, { organizationId: w.org.south, roleId, expiresAt: end }] });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  assert.equal((await membershipOf(id, w.org.south)).expiresAt?.toISOString(), end);
  const member = await signIn(w.t.app, await usernameOf(id), PASSWORD);
  assert.equal((await member.call('get', `/organizations/${w.org.south}`)).status, 200);
  w.t.clock.advance(15 * MINUTE);
  assert.notEqual((await member.call('get', `/organizations/${w.org.south}`)).status, 200, 'South is gone');
  assert.equal((await member.call('get', `/organizations/${w.org.north}`)).status, 200, 'North, which does not end, stays');
});

test('R-EXP-2: the organisation\'s notification address is told once, noticeDays before the end, even by two sweeps at once; a new end is told again', async () => {
  const id = await contractor();
  await w.t.prisma.organization.update({ where: { id: w.org.north }, data: { notificationEmail: 'alerts@north.test' } });
  const owner = await w.as('owner');
  const ctx = w.t.gatehouse.context;
  const told = () => w.t.mailbox.messages.filter((message) => message.to === 'alerts@north.test' && message.text.includes(`Contractor${serial}`));
  assert.equal((await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: at(5 * DAY) })).status, 200);
  await sweepAccessExpiry(ctx);
  assert.equal(told().length, 0, 'five days before: not yet (the default is three)');
  w.t.clock.advance(2 * DAY + HOUR);
  const [one, two] = await Promise.all([sendEndingNotices(ctx), sendEndingNotices(ctx)]);
  assert.equal(one + two, 1, 'one of the two sweeps wrote it');
  assert.equal(told().length, 1);
  assert.match(told()[0]?.subject ?? '', /The access of Connie Contractor\d+ ends on /);
  assert.ok((await membershipOf(id, w.org.north)).expiryNoticeSentAt);
  await sweepAccessExpiry(ctx);
  assert.equal(told().length, 1, 'once per end');

  assert.equal((await (await w.as('owner')).call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: at(2 * DAY) })).status, 200);
  await sweepAccessExpiry(ctx);
  assert.equal(told().length, 2, 'the new end is told in its turn');
  await w.t.prisma.organization.update({ where: { id: w.org.north }, data: { notificationEmail: null } });
});

test('R-EXP-2: the expiry is recorded in the audit trail once per end, by nobody, even by two sweeps at once', async () => {
  const id = await contractor();
  const owner = await w.as('owner');
  const end = at(HOUR);
  assert.equal((await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: end })).status, 200);
  const ctx = w.t.gatehouse.context;
  await recordEndedAccess(ctx);
  assert.equal((await auditOf(w.t, id)).filter((row) => row.action === 'user.accessEnded').length, 0, 'not before the end');
  w.t.clock.advance(HOUR);
  await Promise.all([sweepAccessExpiry(ctx), sweepAccessExpiry(ctx), recordEndedAccess(ctx, { userId: id })]);
  await sweepAccessExpiry(ctx);
  const events = (await auditOf(w.t, id)).filter((row) => row.action === 'user.accessEnded');
  assert.equal(events.length, 1);
  assert.equal(events[0]?.actorId, null);
  assert.equal(events[0]?.organizationId, w.org.north);
  assert.deepEqual(JSON.parse(events[0]?.details ?? '{}'), { organizationId: w.org.north, roleId: (await membershipOf(id, w.org.north)).roleId, expiresAt: end });
});

test('R-EXP-2, R-UNIQ-1: an ended cover gives up its unique role: the role may be given to someone else', async () => {
  const id = await w.member(`cover${(serial += 1)}`, [{ organizationId: w.org.south, roleKey: 'complianceOfficer' }]);
  const owner = await w.as('owner');
  assert.equal((await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.south, expiresAt: at(10 * MINUTE) })).status, 200);
  const next = await w.member(`successor${serial}`, [{ organizationId: w.org.south, roleKey: 'standardUser' }]);
  const officerRole = (await membershipOf(id, w.org.south)).roleId;
  assert.equal((await owner.call('put', `/users/${next}/role`, { organizationId: w.org.south, roleId: officerRole })).status, 409, 'taken while the cover lasts');
  w.t.clock.advance(10 * MINUTE);
  const given = await owner.call('put', `/users/${next}/role`, { organizationId: w.org.south, roleId: officerRole });
  assert.equal(given.status, 200, JSON.stringify(given.body));
  // Extending the ended cover now finds the seat taken (R-UNIQ-1).
  const back = await owner.call('put', `/users/${id}/access-end`, { organizationId: w.org.south, expiresAt: at(DAY) });
  assert.equal(back.status, 409);
});

test('R-EXP-2: two instances over one database that both saw the same end: exactly one writes the notice and one the expiry event', async () => {
  const two = await twoInstances('seed002');
  try {
    const org = await two.organization('Shared Ltd');
    const prisma = two.a.gatehouse.context.prisma;
    await prisma.organization.update({ where: { id: org }, data: { notificationEmail: 'alerts@shared.test' } });
    const member = await two.member('temp', org, 'advancedUser');
    await prisma.membership.updateMany({ where: { userId: member }, data: { expiresAt: new Date(two.clock.now().getTime() + DAY) } });
    const [a, b] = [two.a.gatehouse.context, two.b.gatehouse.context];
    // Both read the candidate before either claims it: the race the conditional UPDATE decides.
    const [seenByA, seenByB] = [await endingMemberships(a), await endingMemberships(b)];
    assert.equal(seenByA.length, 1);
    assert.deepEqual(seenByB, seenByA);
    // PostgreSQL: both claims at once. SQLite: one after the other — both instances live in this one
    // process, and better-sqlite3 waits for another connection's write lock synchronously, blocking
    // the very process that would release it; separate processes claim as PostgreSQL does.
    const concurrent = a.provider === 'postgresql';
    const notices = concurrent ? await Promise.all([writeNotice(a, seenByA[0]!), writeNotice(b, seenByB[0]!)]) : [await writeNotice(a, seenByA[0]!), await writeNotice(b, seenByB[0]!)];
    assert.equal(notices.flat().length, 1);
    assert.equal(await prisma.outboxMessage.count({ where: { to: 'alerts@shared.test' } }), 1);

    two.clock.advance(DAY);
    const [endA, endB] = [await endedMemberships(a), await endedMemberships(b)];
    assert.equal(endA.length, 1);
    const recorded = concurrent ? await Promise.all([recordEnd(a, endA[0]!), recordEnd(b, endB[0]!)]) : [await recordEnd(a, endA[0]!), await recordEnd(b, endB[0]!)];
    assert.deepEqual(recorded.filter(Boolean), [true]);
    await Promise.all([sweepAccessExpiry(a)]);
    await sweepAccessExpiry(b);
    assert.equal(await prisma.auditEvent.count({ where: { action: 'user.accessEnded', targetId: member } }), 1);
    assert.equal(await prisma.outboxMessage.count({ where: { to: 'alerts@shared.test' } }), 1);
  } finally {
    await two.close();
  }
});

test('R-EXP-3, R-PANEL-1: the panel says when access ends in words, offers "Extend access" with its form in words, and extends through the same operation', async () => {
  const id = await contractor();
  const end = at(5 * DAY + HOUR);
  assert.equal((await (await w.as('owner')).call('put', `/users/${id}/access-end`, { organizationId: w.org.north, expiresAt: end })).status, 200);
  const panel = await signInToPanel(w.t.app, 'owner@example.test', PASSWORD);
  const show = await panel.get(`/admin/api/resources/User/records/${id}/show`);
  assert.equal(show.status, 200);
  const day = new Date(end);
  const words = `Acme North: Ends in 5 days (${day.getUTCDate()} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][day.getUTCMonth()]} ${day.getUTCFullYear()})`;
  assert.equal(show.body.record.params.accessEndsText, words);
  assert.ok((await offeredActions(panel, 'User', id)).includes('extendAccess'));

  const form = await loadRecordAction(panel, 'User', id, 'extendAccess');
  assert.equal(form.status, 200);
  const fields = form.body.data.form.fields as { name: string; type: string; label: string; options?: { label: string }[] }[];
  assert.deepEqual(fields.map((field) => [field.name, field.type, field.label]), [
    ['organizationId', 'select', 'Organisation'],
    ['expiresAt', 'datetime', 'New end'],
  ]);
  assert.deepEqual(fields[0]?.options?.map((option) => option.label), [`Acme North (Advanced User): ${words.slice('Acme North: '.length)}`]);
  const roleForm = await loadRecordAction(panel, 'User', id, 'editRole');
  assert.ok((roleForm.body.data.form.fields as { name: string; label: string }[]).some((field) => field.name === 'expiresAt' && field.label === 'Access ends (optional)'));

  const later = at(30 * DAY);
  const extended = await runRecordAction(panel, 'User', id, 'extendAccess', { organizationId: w.org.north, expiresAt: later });
  assert.equal(extended.body.notice?.type, 'success', JSON.stringify(extended.body.notice));
  assert.equal(extended.body.notice.message, `The access of ${await usernameOf(id)}@example.test is extended`);
  assert.equal((await membershipOf(id, w.org.north)).expiresAt?.toISOString(), later);
  const past = await runRecordAction(panel, 'User', id, 'extendAccess', { organizationId: w.org.north, expiresAt: at(-MINUTE) });
  assert.equal(past.status, 400);
  assert.equal(past.body.notice?.type, 'error');
  assert.equal((await membershipOf(id, w.org.north)).expiresAt?.toISOString(), later, 'a past end changes nothing');
  w.t.clock.advance(31 * DAY);
  const ended = await (await signInToPanel(w.t.app, 'owner@example.test', PASSWORD)).get(`/admin/api/resources/User/records/${id}/show`);
  assert.match(ended.body.record.params.accessEndsText, /^Acme North: Ended on \d+ \w{3} \d{4}$/);
});
