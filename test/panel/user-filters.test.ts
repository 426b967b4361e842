// R-SEARCH-1 in the panel: the user list filters by organisation and role (through memberships),
// and a filter never reaches past the viewer's organisations (R-TENANT-1).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestSetup } from '../support/setup.ts';
import { type Agent, demo, listIds, panelSetup, signInToPanel } from './helpers.ts';

let t: TestSetup;
let owner: Agent;
let auditor: Agent;
before(async () => {
  t = await panelSetup();
  owner = await signInToPanel(t.app, demo.owner);
  auditor = await signInToPanel(t.app, demo.auditor);
});
after(() => t.close());

const usersWhere = (agent: Agent, filters: Record<string, string>) =>
  agent.get('/admin/api/resources/User/actions/list').query({ perPage: 100, ...Object.fromEntries(Object.entries(filters).map(([key, value]) => [`filters.${key}`, value])) });

async function membersOf(organizationName: string, roleKey?: string): Promise<string[]> {
  const users = await t.prisma.user.findMany({
    where: { memberships: { some: { organization: { name: organizationName }, ...(roleKey ? { role: { key: roleKey } } : {}) } } },
    select: { id: true },
  });
  return users.map((user) => user.id).sort();
}

test('R-SEARCH-1: the user list offers organisation and role filters, as pickers of the records the viewer sees', async () => {
  const page = await owner.get('/admin');
  assert.equal(page.status, 200);
  const state = JSON.parse(/window\.REDUX_STATE = (\{.*?\});?\s*\n/s.exec(page.text)?.[1] ?? '{}') as {
    resources?: { id: string; filterProperties: { propertyPath: string; reference?: string | null }[] }[];
  };
  const users = state.resources?.find((resource) => resource.id === 'User');
  assert.ok(users, 'the User resource is in the panel state');
  const filters = Object.fromEntries(users.filterProperties.map((property) => [property.propertyPath, property.reference ?? null]));
  assert.equal(filters.organization, 'Organization');
  assert.equal(filters.role, 'Role');
  for (const column of ['email', 'username', 'firstName', 'lastName', 'status']) assert.ok(column in filters, column);
});

test('R-SEARCH-1: filtering by organisation lists its members only; with a role, members holding it there', async () => {
  const north = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme North' } });
  const byOrganization = await usersWhere(owner, { organization: north.id });
  assert.equal(byOrganization.status, 200);
  assert.deepEqual(listIds(byOrganization.body).sort(), await membersOf('Acme North'));
  assert.ok(listIds(byOrganization.body).length > 0);
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  const auditorRole = await t.prisma.role.findFirstOrThrow({ where: { key: 'auditor', organizationId: null } });
  const byRole = await usersWhere(owner, { organization: group.id, role: auditorRole.id });
  assert.deepEqual(listIds(byRole.body).sort(), await membersOf('Acme Group', 'auditor'));
  assert.equal(byRole.body.meta.total, 1);
});

test('R-SEARCH-1: "Include its sub-organisations" widens an organisation filter to the tree below it, as the REST search does', async () => {
  const group = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme Group' } });
  const below = await t.prisma.organization.findMany({ where: { parentId: group.id }, select: { name: true } });
  assert.ok(below.length > 0, 'the demo has sub-organisations');
  const tree = (await Promise.all([group, ...below].map((organization) => membersOf(organization.name)))).flat();
  const list = await usersWhere(owner, { organization: group.id, subOrganizations: 'true' });
  assert.equal(list.status, 200);
  assert.deepEqual(listIds(list.body).sort(), [...new Set(tree)].sort());
  assert.ok(listIds(list.body).length > listIds((await usersWhere(owner, { organization: group.id })).body).length);
});

test('R-TENANT-1: a filter on an organisation out of reach finds nobody', async () => {
  // The auditor reaches Acme Group only (the role does not reach down).
  const south = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme South' } });
  const list = await usersWhere(auditor, { organization: south.id });
  assert.equal(list.status, 200);
  assert.deepEqual(listIds(list.body), []);
});
