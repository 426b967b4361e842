// A seed-002 world for the user tests: an account (root organisation) with two
// sub-organisations, one user per interesting role, and a second, unrelated account.
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { type ApiClient, signIn } from '../support/agent.ts';
import { setup, type TestSetup } from '../support/setup.ts';

export const PASSWORD = 'Correct-Horse-9!';

export interface World {
  readonly t: TestSetup;
  readonly org: { readonly acme: string; readonly north: string; readonly south: string; readonly other: string };
  /** user key → id */
  readonly users: Record<UserKey, string>;
  as(user: UserKey): Promise<ApiClient>;
  member(key: string, memberships: readonly { organizationId: string; roleKey: string; owner?: boolean }[], names?: { firstName?: string; lastName?: string }): Promise<string>;
  close(): Promise<void>;
}

export type UserKey = 'owner' | 'northCo' | 'advanced' | 'standard' | 'auditor' | 'billing' | 'otherCo' | 'stranger';

export async function world(): Promise<World> {
  const t = await setup({ preset: 'seed002' });
  const ctx = t.gatehouse.context;
  const acme = (await createOrganization(ctx, { name: 'Acme' })).id;
  const north = (await createOrganization(ctx, { name: 'Acme North', parentId: acme })).id;
  const south = (await createOrganization(ctx, { name: 'Acme South', parentId: acme })).id;
  const other = (await createOrganization(ctx, { name: 'Other Corp' })).id;
  const member = async (key: string, memberships: readonly { organizationId: string; roleKey: string; owner?: boolean }[], names: { firstName?: string; lastName?: string } = {}) =>
    (
      await createMember(
        ctx,
        { email: `${key}@example.test`, username: key, firstName: names.firstName ?? key, lastName: names.lastName ?? 'Tester', password: PASSWORD },
        memberships,
      )
    ).id;
  const users: Record<UserKey, string> = {
    owner: await member('owner', [{ organizationId: acme, roleKey: 'complianceOfficer', owner: true }], { firstName: 'Olivia', lastName: 'Owner' }),
    northCo: await member('northco', [{ organizationId: north, roleKey: 'complianceOfficer' }], { firstName: 'Nora', lastName: 'North' }),
    advanced: await member('advanced', [{ organizationId: north, roleKey: 'advancedUser' }], { firstName: 'Adam', lastName: 'Advanced' }),
    standard: await member('standard', [{ organizationId: acme, roleKey: 'standardUser' }], { firstName: 'Stan', lastName: 'Standard' }),
    auditor: await member('auditor', [{ organizationId: acme, roleKey: 'auditor' }], { firstName: 'Audrey', lastName: 'Auditor' }),
    billing: await member('billing', [{ organizationId: south, roleKey: 'billingOfficer' }], { firstName: 'Bill', lastName: 'Billing' }),
    otherCo: await member('otherco', [{ organizationId: other, roleKey: 'complianceOfficer', owner: true }], { firstName: 'Otto', lastName: 'Other' }),
    stranger: await member('stranger', [{ organizationId: other, roleKey: 'standardUser' }], { firstName: 'Sam', lastName: 'Stranger' }),
  };
  const usernames: Record<UserKey, string> = {
    owner: 'owner',
    northCo: 'northco',
    advanced: 'advanced',
    standard: 'standard',
    auditor: 'auditor',
    billing: 'billing',
    otherCo: 'otherco',
    stranger: 'stranger',
  };
  return {
    t,
    org: { acme, north, south, other },
    users,
    as: (user) => signIn(t.app, usernames[user], PASSWORD),
    member,
    close: () => t.close(),
  };
}

export const builtin = (key: string) => `builtin:${key}`;

/** The audit events about one target, oldest first. */
export function auditOf(t: TestSetup, targetId: string) {
  return t.prisma.auditEvent.findMany({ where: { targetId }, orderBy: { at: 'asc' } });
}

/**
 * A root organisation with no owner flag, its Compliance Officer, and custom roles that hold some
 * user-management actions without user.editRole (the preset's "manager" permission): the only way
 * for someone else to reach a last manager (R-LAST-1) in seed 002, where the officer is unique.
 */
export async function soloAccount(w: World) {
  const solo = (await w.t.prisma.organization.create({ data: { name: 'Solo Ltd' } })).id;
  const customRole = (key: string, permissions: readonly string[]) =>
    w.t.prisma.role.create({ data: { key, name: key, organizationId: solo, kind: 'CUSTOM', legacyPermissions: JSON.stringify(permissions) } });
  const steward = await customRole('steward', ['user.view', 'user.lock', 'user.disable', 'user.editAccessRights', 'user.assignOrganizations', 'user.resetPassword', 'user.setMfa']);
  const deputy = await customRole('deputy', ['user.view', 'user.editRole', 'user.lock', 'user.disable', 'scan.runMember', 'scan.runCorporate', 'scan.viewResults', 'scan.dueDiligence', 'report.view', 'org.view', 'apikey.create']);
  const soloCo = await w.member(`soloco${Math.random().toString(36).slice(2, 6)}`, [{ organizationId: solo, roleKey: 'complianceOfficer' }]);
  const stewardUser = await w.member(`steward${Math.random().toString(36).slice(2, 6)}`, [{ organizationId: solo, roleKey: 'steward' }]);
  return { solo, soloCo, stewardUser, stewardRoleId: steward.id, deputyRoleId: deputy.id };
}
