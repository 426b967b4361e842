// The adversarial suite (issue 10): attacks Gatehouse the way real attackers and careless clients
// do, and ends with one line: `adversarial combinations=… fuzz_cases=… mismatches=… leaks=…`.
// `npm run test:adversarial` runs it alone; `npm test` runs it with everything else.
import assert from 'node:assert/strict';
import { after, after as afterAll, before, beforeEach, describe, test } from 'node:test';
import { presets } from '../../src/presets/index.ts';
import type { PresetId } from '../../src/presets/types.ts';
import { panelChannel, restChannel, runEscalationMatrix } from './escalation.ts';
import { report, reportLine } from './report.ts';
import type { ApiClient } from '../support/agent.ts';
import {
  concurrentWrongPasswords,
  enumerationResistance,
  headerChecks,
  invitationTokenAttacks,
  migrationRace,
  races,
  resetTokenAttacks,
  secretsStayOutOfTheTrail,
  sessionAttacks,
} from './attacks.ts';
import { foreignRecords } from './foreign.ts';
import { fuzzEveryJsonRoute } from './fuzz.ts';
import { fuzzThePanel } from './panel-fuzz.ts';
import { attackForeignIds, attackForeignLists } from './tenant.ts';
import { buildWorld, type World, type WorldUser, WORLD_PASSWORD } from './world.ts';

describe('escalation matrix (R-PERM-1, R-OWNER-1, R-READ-1, R-LAST-1, R-TENANT-1)', () => {
  for (const presetId of Object.keys(presets) as PresetId[]) {
    test(`${presetId}: every actor role × user action × target role through the REST API and the panel's API matches the rules`, async () => {
      const world = await buildWorld(presetId);
      try {
        const before = report.mismatches.length;
        await runEscalationMatrix(world, restChannel, 'REST');
        await runEscalationMatrix(world, panelChannel, 'panel');
        assert.deepEqual(report.mismatches.slice(before), []);
      } finally {
        await world.close();
      }
    });
  }
});

describe('tenant isolation (R-TENANT-1)', () => {
  let world: World;
  before(async () => {
    world = await buildWorld('seed002');
  });
  afterAll(() => world.close());

  test('an owner of organisation A gets 404 on every id of organisation B, sees none of its data, changes nothing', async () => {
    const owner = world.members[0] as WorldUser;
    const foreign = await foreignRecords(world, world.orgs.b, world.outsiders);
    const client = await world.client(owner);
    const before = report.leaks.length;
    const result = await attackForeignIds(world, client, foreign, 'A → B');
    await attackForeignLists(client, foreign, 'A → B');
    assert.ok(result.tried >= 20, `tried ${result.tried} routes`);
    assert.deepEqual(report.leaks.slice(before), []);
  });

  test('a member of sub-organisation A1 gets 404 on the ids of its sibling A2', async () => {
    const inA1 = world.members.find((member) => member.organizationId === world.orgs.a1) ?? (await world.addMember(world.preset.roles[1]!.key, world.orgs.a1));
    const siblings = [await world.addMember('standardUser', world.orgs.a2)];
    const foreign = await foreignRecords(world, world.orgs.a2, siblings);
    const client = await world.client(inA1);
    const before = report.leaks.length;
    await attackForeignIds(world, client, { ...foreign, markers: foreign.markers.filter((marker) => marker !== 'Org A2') }, 'A1 → A2');
    await attackForeignLists(client, { ...foreign, markers: foreign.markers.filter((marker) => marker !== 'Org A2') }, 'A1 → A2');
    assert.deepEqual(report.leaks.slice(before), []);
  });
});

describe('bad input fuzzing', () => {
  let world: World;
  before(async () => {
    world = await buildWorld('seed002');
  });
  afterAll(() => world.close());

  test('every JSON route answers malformed bodies with 4xx problem+json, never 500, and changes nothing', async () => {
    const owner = world.members[0] as WorldUser;
    const client = await world.client(owner);
    await fuzzEveryJsonRoute({ app: world.t.app, prisma: world.t.prisma, client, idFor: () => owner.id, casesPerRoute: 30 });
  });

  test('R-INPUT-1: the panel\'s own API answers 5 000 hostile requests below 500, never with HTML or a stack trace, and changes nothing', async () => {
    const owner = world.members[0] as WorldUser;
    const client = await world.client(owner);
    const { cases, statuses } = await fuzzThePanel({ app: world.t.app, prisma: world.t.prisma, client, cases: 5_000 });
    console.log(`panel fuzz: cases=${cases} statuses=${JSON.stringify(statuses)}`);
  });
});

describe('brute force, tokens, sessions, races, headers', () => {
  let world: World;
  let owner: WorldUser;
  let admin: ApiClient;
  const standardRole = 'builtin:standardUser';
  before(async () => {
    world = await buildWorld('seed002');
    owner = world.members[0] as WorldUser;
  });
  // Some attacks move the clock past the session's lifetime: each test signs in afresh.
  beforeEach(async () => {
    admin = await world.freshClient(owner);
  });
  afterAll(() => world.close());

  test('R-LOCK-1: 100 concurrent wrong passwords lock the account once, with an exact count', async () => {
    await concurrentWrongPasswords(world, await world.addMember('standardUser'));
  });

  test('R-AUTH-1: unknown user and wrong password answer alike and do the same work: one password check each (50 each)', async () => {
    // At the real hashing cost, so that the printed timing means something; the assertion is on the
    // work done, which a loaded machine cannot skew.
    const real = await buildWorld('seed002', { passwordHashing: {} });
    const { unknownMs, wrongMs, unknownChecks, wrongChecks } = await enumerationResistance(real, real.members[1] as WorldUser).finally(() => real.close());
    const ratio = Math.max(unknownMs, wrongMs) / Math.min(unknownMs, wrongMs);
    console.log(`enumeration timing: unknown_ms=${unknownMs.toFixed(1)} wrong_ms=${wrongMs.toFixed(1)} ratio=${ratio.toFixed(2)}`);
    assert.deepEqual(unknownChecks, wrongChecks);
    assert.ok(unknownChecks.every((checks) => checks === 1), `password checks per attempt: ${unknownChecks.join(',')}`);
  });

  test('R-INV-1: invitation tokens refused when reused, resent, revoked, truncated, altered or expired', async () => {
    const before = report.leaks.length;
    await invitationTokenAttacks(world, admin, standardRole);
    assert.deepEqual(report.leaks.slice(before), []);
  });

  test('R-PWD-3: reset tokens are single-use and touch only their own user', async () => {
    const before = report.leaks.length;
    await resetTokenAttacks(world, admin, await world.addMember('standardUser'));
    assert.deepEqual(report.leaks.slice(before), []);
  });

  test('R-SECRET-1: no token, code or password reached the audit trail', async () => {
    const tokens = world.t.mailbox.allTokens();
    assert.ok(tokens.length > 0);
    const before = report.leaks.length;
    await secretsStayOutOfTheTrail(world, [...tokens, WORLD_PASSWORD]);
    assert.deepEqual(report.leaks.slice(before), []);
  });

  test('R-SESS-1, R-CSRF-1: fixation, CSRF, cookie flags, signed-out and disabled sessions', async () => {
    await sessionAttacks(world, admin, await world.addMember('standardUser'));
  });

  test('R-UNIQ-1, R-INV-1, R-PWD-3: 50 concurrent requests, exactly one wins', async () => {
    const before = report.mismatches.length;
    await races(world, admin, 'builtin:complianceOfficer', standardRole);
    assert.deepEqual(report.mismatches.slice(before), []);
  });

  test('helmet headers on the panel and the API; no stack traces or banners', async () => {
    await headerChecks(world);
  });
});

describe('migration race (R-MIG-1)', () => {
  test('50 concurrent migrations of one legacy role: exactly one wins', async () => {
    const world = await buildWorld('seed004');
    try {
      const admin = await world.client(world.members[0] as WorldUser);
      const legacy = await world.t.prisma.role.findFirstOrThrow({ where: { organizationId: world.orgs.a, legacyPermissions: { not: null } } });
      const before = report.mismatches.length;
      await migrationRace(world, admin, legacy.id);
      assert.deepEqual(report.mismatches.slice(before), []);
    } finally {
      await world.close();
    }
  });
});

after(() => {
  console.log(reportLine());
  for (const line of [...report.mismatches, ...report.leaks]) console.log(`  ${line}`);
});
