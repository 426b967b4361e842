// R-EXP-1: a membership (or the role assignment it carries) may end at a set time; from then on it
// grants nothing, judged against the clock given to compile, and the actor says until when it holds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileActor, hasLiveMembership } from '../../src/engine/actor.ts';
import { decide } from '../../src/engine/decide.ts';
import { createEngine } from '../../src/engine/index.ts';
import { presets } from '../../src/presets/index.ts';
import { actorOf, allow, deny, member, orgTarget, recordTarget, runTable, userTarget } from './helpers.ts';

const p = presets.seed002;
const tree = new Map([['hq', ['hq-eu']]]);
const NOW = Date.UTC(2026, 11, 1, 9, 0);
const HOUR = 3_600_000;
const fortnight = NOW + 14 * 24 * HOUR;
// A contractor for two weeks, and a standard user covering as Compliance Officer until this afternoon.
const contractor = (now: number) => actorOf(p, 'u-c', [member(p, 'advancedUser', 'hq', { expiresAt: fortnight })], tree, { now });
const cover = (now: number) =>
  actorOf(p, 'u-cover', [member(p, 'standardUser', 'hq'), member(p, 'complianceOfficer', 'hq-eu', { expiresAt: NOW + 6 * HOUR })], tree, { now });

runTable(p, [
  allow('a contractor works until their access ends', contractor(fortnight - 1), 'report.view', orgTarget('hq')),
  deny('a contractor has no access from the moment it ends', contractor(fortnight), 'report.view', orgTarget('hq'), 'R-EXP-1'),
  deny("an ended contractor no longer sees the organisation's scans", contractor(fortnight + HOUR), 'scan.viewResults', recordTarget('scan', 's1', 'hq', 'u-x'), 'R-EXP-1'),
  deny('what the contractor never had is still R-PERM-1', contractor(fortnight + HOUR), 'user.view', userTarget('u-x', ['hq']), 'R-PERM-1'),
  allow('a covering Compliance Officer manages users while the cover lasts', cover(NOW), 'user.disable', userTarget('u-x', ['hq-eu'])),
  deny('after the cover, the Compliance Officer rights are gone', cover(NOW + 6 * HOUR), 'user.disable', userTarget('u-x', ['hq-eu']), 'R-EXP-1'),
  allow('after the cover, their own standard membership still counts', cover(NOW + 6 * HOUR), 'report.view', orgTarget('hq')),
  allow('an ended member still edits their own profile', contractor(fortnight + HOUR), 'user.edit', userTarget('u-c', ['hq']), 'R-SELF-2'),
]);

test('R-EXP-1: seed002 validUntil is the earliest end still ahead, Infinity when nothing ends', () => {
  assert.equal(cover(NOW).validUntil, NOW + 6 * HOUR);
  assert.equal(cover(NOW + 6 * HOUR).validUntil, Number.POSITIVE_INFINITY);
  assert.equal(contractor(NOW).validUntil, fortnight);
  const both = actorOf(p, 'u-b', [member(p, 'advancedUser', 'hq', { expiresAt: fortnight }), member(p, 'standardUser', 'hq-eu', { expiresAt: NOW + HOUR })], tree, { now: NOW });
  assert.equal(both.validUntil, NOW + HOUR);
  assert.equal(actorOf(p, 'u-s', [member(p, 'standardUser', 'hq')], tree, { now: NOW }).validUntil, Number.POSITIVE_INFINITY);
});

test('R-EXP-1: seed002 without a clock, a membership with an end counts as ended (fail closed); one without an end is unaffected', () => {
  const facts = { userId: 'u-b', memberships: [member(p, 'advancedUser', 'hq', { expiresAt: fortnight }), member(p, 'billingOfficer', 'hq-eu')], descendants: tree };
  const options = { catalog: p.catalog, ownerHasAllPermissions: false };
  const noClock = compileActor(facts, options);
  assert.equal(decide(noClock, 'report.view', orgTarget('hq'), p.catalog).rule, 'R-EXP-1');
  assert.equal(decide(noClock, 'report.view', orgTarget('hq-eu'), p.catalog).allowed, true);
  assert.equal(noClock.validUntil, Number.POSITIVE_INFINITY);
});

test('R-EXP-1: seed002 an end given as a Date counts like milliseconds, and an unreadable one ends the membership', () => {
  const engine = createEngine({ catalog: p.catalog, ownerHasAllPermissions: false });
  const withEnd = (expiresAt: Date) => engine.compile({ userId: 'u', memberships: [member(p, 'advancedUser', 'hq', { expiresAt })], descendants: tree }, { now: new Date(NOW) });
  assert.equal(engine.decide(withEnd(new Date(fortnight)), 'report.view', orgTarget('hq')).allowed, true);
  assert.equal(withEnd(new Date(fortnight)).validUntil, fortnight);
  assert.equal(engine.decide(withEnd(new Date(Number.NaN)), 'report.view', orgTarget('hq')).rule, 'R-EXP-1');
  assert.equal(engine.decide(withEnd(new Date(NOW - 1)), 'report.view', orgTarget('hq')).rule, 'R-EXP-1');
});

test('R-EXP-1: seed002 a user whose every membership has ended has nothing to sign into', () => {
  const facts = { userId: 'u-c', memberships: [member(p, 'advancedUser', 'hq', { expiresAt: fortnight })], descendants: tree };
  assert.equal(hasLiveMembership(facts, fortnight - 1), true);
  assert.equal(hasLiveMembership(facts, fortnight), false);
  assert.equal(hasLiveMembership(facts, undefined), false);
});
