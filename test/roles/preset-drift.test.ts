// The start-up check of the preset (src/roles/preset-drift.ts): read through the read connection,
// it must agree with syncPreset's own comparisons (R-PRESET-1) — in step right after a sync, for
// every shipped preset, and out of step after each kind of change syncPreset repairs — and a
// restart with the preset unchanged must load no Prisma query compiler.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createGatehouse } from '../../src/index.ts';
import { presets } from '../../src/presets/index.ts';
import type { PresetId } from '../../src/presets/types.ts';
import { presetDrifted } from '../../src/roles/preset-drift.ts';
import { builtinRoleId, presetPolicyId, syncPreset } from '../../src/roles/sync-preset.ts';
import { freshDatabase } from '../support/database-url.ts';
import { setup, silentLogger } from '../support/setup.ts';

const childScript = fileURLToPath(new URL('../support/start-child.ts', import.meta.url));

for (const id of Object.keys(presets) as PresetId[]) {
  test(`R-PRESET-1: right after a start with preset ${id}, the read connection finds the built-in roles and policies in step`, async () => {
    const t = await setup({ preset: id });
    try {
      assert.equal(await presetDrifted(t.gatehouse.context, t.gatehouse.context.preset), false);
    } finally {
      await t.close();
    }
  });
}

test('R-PRESET-1: each change syncPreset repairs is seen as drift, and after the repair the preset is in step again', async () => {
  const t = await setup({ preset: 'seed004' });
  const ctx = t.gatehouse.context;
  const preset = ctx.preset;
  const linked = preset.roles.find((role) => !role.custom && !role.legacy && role.permissions.length > 0);
  assert.ok(linked, 'seed004 has a built-in role with permissions of its own');
  const roleId = builtinRoleId(linked.key);
  const policyId = presetPolicyId(`role:${linked.key}`);
  const changes: Record<string, () => Promise<unknown>> = {
    'a flag of a built-in role': () => t.prisma.role.update({ where: { id: roleId }, data: { readOnly: !(linked.readOnly ?? false) } }),
    'the name of a built-in role': () => t.prisma.role.update({ where: { id: roleId }, data: { name: 'Renamed by hand' } }),
    'a grant of a preset policy': () => t.prisma.policyGrant.deleteMany({ where: { policyId } }),
    'a condition of a grant': async () => {
      const grant = await t.prisma.policyGrant.findFirstOrThrow({ where: { policyId } });
      await t.prisma.policyGrant.update({ where: { id: grant.id }, data: { condition: grant.condition === 'own' ? null : 'own' } });
    },
    'a policy of a built-in role': () => t.prisma.rolePolicy.deleteMany({ where: { roleId } }),
    'a built-in role of no preset': () => t.prisma.role.create({ data: { id: 'builtin:ghost', key: 'ghost', name: 'Ghost', kind: 'BUILTIN' } }),
    'a preset policy of no preset': () => t.prisma.permissionPolicy.create({ data: { id: 'preset:ghost', key: 'ghost', name: 'Ghost policy' } }),
  };
  try {
    for (const [change, make] of Object.entries(changes)) {
      await make();
      assert.equal(await presetDrifted(ctx, preset), true, change);
      await syncPreset(ctx);
      assert.equal(await presetDrifted(ctx, preset), false, `${change}, repaired`);
    }
  } finally {
    await t.close();
  }
});

test('R-PRESET-1: a restart with the preset unchanged makes no Prisma query (its query compiler stays unloaded)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-preset-drift-'));
  const database = freshDatabase(dir);
  try {
    const first = await createGatehouse({ databaseUrl: database.url, preset: 'seed002', secret: 'preset-drift-secret-0123456789', logger: silentLogger });
    await first.close();
    const child = spawnSync(process.execPath, ['--import', 'tsx', childScript], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, DATABASE_URL: database.url, GATEHOUSE_PRESET: 'seed002' },
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}'), { afterStart: false, afterQuery: true });
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
