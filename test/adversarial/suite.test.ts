// The adversarial suite (issue 10): attacks Gatehouse the way real attackers and careless clients
// do, and ends with one line: `adversarial combinations=… fuzz_cases=… mismatches=… leaks=…`.
// `npm run test:adversarial` runs it alone; `npm test` runs it with everything else.
import assert from 'node:assert/strict';
import { after, after as afterAll, before, describe, test } from 'node:test';
import { presets } from '../../src/presets/index.ts';
import type { PresetId } from '../../src/presets/types.ts';
import { restChannel, runEscalationMatrix } from './escalation.ts';
import { report, reportLine } from './report.ts';
import { foreignRecords } from './foreign.ts';
import { fuzzEveryJsonRoute } from './fuzz.ts';
import { attackForeignIds, attackForeignLists } from './tenant.ts';
import { buildWorld, type World, type WorldUser } from './world.ts';

describe('escalation matrix (R-PERM-1, R-OWNER-1, R-READ-1, R-LAST-1, R-TENANT-1)', () => {
  for (const presetId of Object.keys(presets) as PresetId[]) {
    test(`${presetId}: every actor role × user action × target role through the REST API matches the rules`, async () => {
      const world = await buildWorld(presetId);
      try {
        const before = report.mismatches.length;
        await runEscalationMatrix(world, restChannel, 'REST');
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
});

after(() => {
  console.log(reportLine());
  for (const line of [...report.mismatches, ...report.leaks]) console.log(`  ${line}`);
});
