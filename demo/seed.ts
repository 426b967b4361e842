// The demo's data: a parent organisation with two sub-organisations and one user for each role
// of the preset, all with the same password. Idempotent: a second run finds the parent and stops.
import type { Gatehouse } from '../src/gatehouse.ts';
import { defineRead } from '../src/reads/read-connection.ts';
import { createMember, createOrganization } from '../src/setup/bootstrap.ts';

export const DEMO_PASSWORD = 'Gatehouse-Demo-2026!';
export const DEMO_ORGANIZATION = 'Acme Group';

export interface DemoAccount {
  readonly email: string;
  readonly username: string;
  readonly role: string;
  readonly organization: string;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}

export function demoAccounts(gatehouse: Gatehouse): DemoAccount[] {
  const { preset } = gatehouse.context;
  const builtins = preset.roles.filter((role) => !role.custom);
  const accounts: DemoAccount[] = builtins.map((role) => ({
    email: `${slug(role.key)}@acme.example`,
    username: slug(role.key),
    role: role.key,
    organization: DEMO_ORGANIZATION,
  }));
  // A member in each sub-organisation, to show the tree: someone reaching down sees them.
  const member = builtins.find((role) => !role.ownerOnly && !role.uniquePerOrganization && !role.protected && role.key !== preset.ownerRoleKey) ?? builtins[0];
  if (member) {
    accounts.push({ email: `north.${slug(member.key)}@acme.example`, username: `north.${slug(member.key)}`, role: member.key, organization: 'Acme North' });
    accounts.push({ email: `south.${slug(member.key)}@acme.example`, username: `south.${slug(member.key)}`, role: member.key, organization: 'Acme South' });
  }
  return accounts;
}

// Through Gatehouse's read connection, not Prisma: a restart of the seeded demo then makes no Prisma
// query at all until someone uses it, as a host's own start would not.
const readDemoParent = defineRead('demo_parent', (d) => `SELECT "id" FROM ${d.table('Organization')} WHERE "name" = ${d.param(1)} AND "parentId" IS NULL`);

/** Returns true when it seeded, false when the demo data was already there. */
export async function seedDemo(gatehouse: Gatehouse): Promise<boolean> {
  const ctx = gatehouse.context;
  if (await ctx.reads.first(readDemoParent, [DEMO_ORGANIZATION])) return false;
  const parent = await createOrganization(ctx, { name: DEMO_ORGANIZATION });
  const organizations: Record<string, string> = {
    [DEMO_ORGANIZATION]: parent.id,
    'Acme North': (await createOrganization(ctx, { name: 'Acme North', parentId: parent.id })).id,
    'Acme South': (await createOrganization(ctx, { name: 'Acme South', parentId: parent.id })).id,
  };
  for (const account of demoAccounts(gatehouse)) {
    const role = ctx.preset.roles.find((candidate) => candidate.key === account.role);
    // A person-like name from the role's: Compliance Officer; a one-word role, Admin, becomes Admin User.
    const [firstName = account.role, ...rest] = (role?.name ?? account.role).split(' ');
    await createMember(
      ctx,
      { email: account.email, username: account.username, firstName, lastName: rest.join(' ') || 'User', password: DEMO_PASSWORD },
      [{ organizationId: organizations[account.organization] ?? parent.id, roleKey: account.role, owner: account.role === ctx.preset.ownerRoleKey && account.organization === DEMO_ORGANIZATION }],
    );
  }
  return true;
}
