// A database set up with one preset, started with another (R-PRESET-1): the old preset's unused
// built-in roles and policies go, and while anyone still holds one, start-up is refused, naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createGatehouse, type GatehouseOptions } from '../../src/index.ts';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { freshDatabase } from '../support/database-url.ts';
import { silentLogger } from '../support/setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-preset-switch-'));
const databases: { drop(): Promise<void> }[] = [];
after(async () => {
  for (const database of databases) await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

function database(name: string): string {
  const location = freshDatabase(join(dir, name));
  databases.push(location);
  return location.url;
}

const start = (databaseUrl: string, preset: GatehouseOptions['preset']) =>
  createGatehouse({ databaseUrl, preset, secret: 'preset-switch-secret-0123456789', logger: silentLogger, passwordHashing: { memoryKiB: 1024, passes: 1 } });

async function builtinRoleKeys(databaseUrl: string): Promise<string[]> {
  const gatehouse = await start(databaseUrl, 'host');
  try {
    const roles = await gatehouse.context.prisma.role.findMany({ where: { kind: 'BUILTIN' }, select: { key: true }, orderBy: { key: 'asc' } });
    return roles.map((role) => role.key);
  } finally {
    await gatehouse.close();
  }
}

test('R-PRESET-1: switching an unused database to another preset replaces the built-in roles and policies', async () => {
  const url = database('unused');
  const before = await start(url, 'seed004');
  assert.ok(await before.context.prisma.permissionPolicy.count({ where: { id: 'preset:userAdministration' } }));
  await before.close();
  assert.deepEqual(await builtinRoleKeys(url), ['administrator', 'member', 'owner']);
  const after = await start(url, 'host');
  try {
    assert.equal(await after.context.prisma.permissionPolicy.count({ where: { id: { in: ['preset:userAdministration', 'preset:role:admin'] } } }), 0);
  } finally {
    await after.close();
  }
});

test('R-PRESET-1: while a member holds a role of the old preset, start-up with another is refused, naming it, and nothing changes', async () => {
  const url = database('held');
  const first = await start(url, 'seed002');
  const organization = await createOrganization(first.context, { name: 'Acme' });
  await createMember(first.context, { email: 'officer@acme.test', username: 'officer', firstName: 'Olga', lastName: 'Officer', password: 'Preset-Switch-2026!' }, [
    { organizationId: organization.id, roleKey: 'complianceOfficer', owner: true },
  ]);
  await first.close();

  await assert.rejects(start(url, 'host'), (error: Error) => {
    assert.match(error.message, /another role preset/);
    assert.match(error.message, /role "complianceOfficer" \(1 member, 0 invitations\)/);
    assert.match(error.message, /preset "host"/);
    return true;
  });
  const again = await start(url, 'seed002');
  try {
    const roles = await again.context.prisma.role.findMany({ where: { kind: 'BUILTIN' }, select: { key: true } });
    assert.ok(roles.some((role) => role.key === 'complianceOfficer'));
    assert.ok(!roles.some((role) => role.key === 'owner'), 'the refused start added none of the host preset\'s roles');
  } finally {
    await again.close();
  }
});
