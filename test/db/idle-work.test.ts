// The timers' passes on an idle instance: each asks the read connection first whether there is
// anything to do, and only then runs its Prisma queries. What each pass finds must cover what the
// work itself would do (a pass that skipped real work would lose notices, mail or prunes).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessExpiryMayBeDue } from '../../src/access-expiry/timer.ts';
import { endedMemberships, endingMemberships } from '../../src/access-expiry/sweep.ts';
import { GatehouseSessionStore } from '../../src/auth/session-store.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { setup, type TestSetup } from '../support/setup.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let t: TestSetup;
let membershipId: string;

before(async () => {
  t = await setup({ preset: 'seed002', mail: { retry: { everyMs: 0 } } });
  const organization = await createOrganization(t.gatehouse.context, { name: 'Idle Corp' });
  const member = await createMember(t.gatehouse.context, { email: 'idle@idle.test', username: 'idle', firstName: 'Ida', lastName: 'Idle', password: 'Idle-Work-Password-1!' }, [
    { organizationId: organization.id, roleKey: 'advancedUser' },
  ]);
  membershipId = (await t.prisma.membership.findFirstOrThrow({ where: { userId: member.id } })).id;
});
after(() => t.close());

const executed = (name: string) => t.gatehouse.context.reads.executed.get(name) ?? 0;

test('R-EXP-2: the expiry timer runs a pass only when a membership may be due, and always when the sweep has work', async () => {
  const ctx = t.gatehouse.context;
  const now = () => t.clock.now().getTime();
  const states: { name: string; data: { expiresAt: Date | null; expiryNoticeSentAt?: Date | null; expiryRecordedAt?: Date | null }; due: boolean }[] = [
    { name: 'no end', data: { expiresAt: null }, due: false },
    { name: 'an end beyond the notice period', data: { expiresAt: new Date(now() + 10 * DAY) }, due: false },
    { name: 'an end within the notice period, not noticed', data: { expiresAt: new Date(now() + HOUR) }, due: true },
    { name: 'an end within the notice period, noticed', data: { expiresAt: new Date(now() + HOUR), expiryNoticeSentAt: new Date(now()) }, due: false },
    { name: 'a past end, not recorded', data: { expiresAt: new Date(now() - HOUR), expiryNoticeSentAt: new Date(now() - DAY) }, due: true },
    { name: 'a past end, recorded and noticed', data: { expiresAt: new Date(now() - HOUR), expiryNoticeSentAt: new Date(now() - DAY), expiryRecordedAt: new Date(now()) }, due: false },
    { name: 'a past end, recorded, never noticed', data: { expiresAt: new Date(now() - HOUR), expiryRecordedAt: new Date(now()) }, due: false },
  ];
  for (const state of states) {
    await t.prisma.membership.update({ where: { id: membershipId }, data: { expiryNoticeSentAt: null, expiryRecordedAt: null, ...state.data } });
    const before = executed('access_expiry_first_open_ends');
    const due = await accessExpiryMayBeDue(ctx);
    assert.equal(executed('access_expiry_first_open_ends'), before + 1, `${state.name}: asked the read connection`);
    assert.equal(due, state.due, state.name);
    const work = (await endedMemberships(ctx)).length + (await endingMemberships(ctx)).length;
    if (work > 0) assert.equal(due, true, `${state.name}: the sweep has work, so the pass must run`);
  }
});

test('R-MAIL-1: the retry loop\'s pass asks the read connection first; an empty outbox costs only that, a pending message is sent', async () => {
  const { mailer } = t.gatehouse.context;
  await t.prisma.outboxMessage.deleteMany();
  const before = executed('outbox_any_pending');
  assert.equal(await mailer.retryIfPending(), 0);
  assert.equal(executed('outbox_any_pending'), before + 1);
  const delivered = t.mailbox.messages.length;
  await mailer.enqueue(t.prisma, { to: 'idle@idle.test', subject: 'Waiting', text: 'A message written but not yet sent.', kind: 'organization-notice', secrets: [], tokenId: null });
  assert.equal(await mailer.retryIfPending(), 1);
  assert.equal(t.mailbox.messages.length, delivered + 1);
  assert.equal(t.mailbox.messages.at(-1)?.subject, 'Waiting');
});

test('R-SESS-1: the session store\'s timer pass prunes only when a record has expired', async () => {
  const store = new GatehouseSessionStore(t.gatehouse.context, { pruneEveryMs: DAY });
  const save = (sid: string, expires: Date) => new Promise<void>((resolve, reject) => store.set(sid, { cookie: { expires, originalMaxAge: null } } as never, (error) => (error ? reject(error) : resolve())));
  try {
    await t.prisma.session.deleteMany();
    await save('live-session', new Date(Date.now() + HOUR));
    await store.pruneIfDue();
    assert.equal(await t.prisma.session.count(), 1, 'nothing expired: nothing pruned');
    await save('expired-session', new Date(Date.now() - 1_000));
    await store.pruneIfDue();
    assert.deepEqual((await t.prisma.session.findMany({ select: { id: true } })).map((row) => row.id), ['live-session']);
  } finally {
    await store.shutdown();
  }
});
