// Every shipped preset is sound data, and validatePreset catches the mistakes a host could make.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetRoleGrants } from '../../src/presets/define.ts';
import { presets } from '../../src/presets/index.ts';
import type { Preset } from '../../src/presets/types.ts';
import { validatePreset } from '../../src/presets/validate.ts';

for (const preset of Object.values(presets)) {
  test(`R-PERM-1: ${preset.id} passes validatePreset`, () => {
    assert.deepEqual(validatePreset(preset), []);
  });
  test(`R-PERM-1: ${preset.id} every role resolves to grants of its own catalog`, () => {
    for (const role of preset.roles) {
      for (const grant of presetRoleGrants(preset, role)) assert.ok(Object.hasOwn(preset.catalog, grant.permission), grant.permission);
    }
  });
}

const base: Preset = presets.seed004;

test('R-PERM-1: validatePreset reports unknown permissions, roles and policies', () => {
  const broken: Preset = {
    ...base,
    ownerRoleKey: 'ghost',
    lastManagerPermission: 'user.nothing',
    roles: [...base.roles, { key: 'x', name: 'X', description: '', permissions: ['nope.view'], policies: ['missing'] }],
    accessRights: [{ key: 'r', label: 'R', permissions: ['nope.edit'] }],
  };
  assert.deepEqual(validatePreset(broken), [
    'role "x": unknown permission "nope.view"',
    'role "x": unknown policy "missing"',
    'ownerRoleKey: no role "ghost"',
    'lastManagerPermission: unknown permission "user.nothing"',
    'access right "r": unknown permission "nope.edit"',
  ]);
});

test('R-PERM-1: validatePreset reports duplicate keys and more than 100 grants per policy (R-POL-1)', () => {
  const many = Array.from({ length: 101 }, () => 'user.view');
  const broken: Preset = {
    ...base,
    roles: [...base.roles, ...base.roles.slice(0, 1)],
    policies: [...base.policies, { key: 'big', name: 'Big', description: '', grants: many }],
  };
  assert.deepEqual(validatePreset(broken), ['roles: duplicate key "admin"', 'policy "big": 101 grants, at most 100']);
});

test('R-READ-1: validatePreset refuses a read-only role that grants a mutation', () => {
  const broken: Preset = { ...base, roles: [...base.roles, { key: 'ro', name: 'RO', description: '', readOnly: true, permissions: ['user.lock'] }] };
  assert.deepEqual(validatePreset(broken), ['role "ro": read-only but grants "user.lock"']);
});

test('R-MIG-1: validatePreset refuses a legacy role that also carries policies', () => {
  const broken: Preset = {
    ...base,
    roles: [...base.roles, { key: 'both', name: 'Both', description: '', legacy: true, permissions: ['user.view'], policies: ['reporting'] }],
  };
  assert.deepEqual(validatePreset(broken), ['role "both": a legacy role has inline permissions or policies, never both']);
});

test('R-OWNER-2: validatePreset refuses an owner-only role that is not the owner role', () => {
  const broken: Preset = { ...base, roles: [...base.roles, { key: 'boss', name: 'Boss', description: '', ownerOnly: true, permissions: [] }] };
  assert.deepEqual(validatePreset(broken), ['role "boss": owner-only but not the owner role, so nobody could hold it']);
});
