// Seed 002's "Assigned Organisations" tab. The body lists the organisations the user should belong
// to among those the actor reaches; memberships elsewhere are not the actor's to see and stay as
// they are (R-TENANT-1). Each organisation added or removed is decided on its own:
// user.assignOrganizations there, the added role's permissions held by the actor (R-ESC-1), a unique
// role free (R-UNIQ-1), never oneself (R-SELF-1) or the owner (R-OWNER-1), never the last user
// manager's organisation (R-LAST-1). A new membership may carry an end (R-EXP-1); the end of an
// existing one is changed by extending it (R-EXP-3).
import type { Check } from '../../authz/authorize.ts';
import { bumpAccess } from '../../authz/access-version.ts';
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import { GatehouseError, notFound } from '../../errors/gatehouse-error.ts';
import { organizationChoices } from '../../operations/choices.ts';
import { defineOperation } from '../../operations/operation.ts';
import { auditOrganization, loadTargetUser, ownsAnything, type TargetUser, userTarget } from '../facts.ts';
import { lastManagerIn } from '../last-manager.ts';
import { userView } from '../read-user.ts';
import { assignableRole, type Db, grantsOf, managesUsers, type RoleRow, roleFacts } from '../roles.ts';
import { organizationsBody } from '../schemas.ts';
import type { UserView } from '../serialize.ts';
import { membershipViolation, uniqueRoleViolation } from '../unique-violations.ts';
import { liveSeat, releaseEndedSeat } from '../membership-end.ts';
import { accessEndOf, endText, futureAccessEnd } from './access-end-input.ts';
import { visibleMemberships } from './memberships.ts';

interface AssignOrganizationsInput {
  readonly organizations: readonly { readonly organizationId: string; readonly roleId?: string | undefined; readonly expiresAt?: string | undefined }[];
}

interface Plan {
  readonly user: TargetUser;
  readonly added: readonly { organizationId: string; role: RoleRow; uniqueRoleTaken: boolean; expiresAt: Date | null }[];
  readonly removed: readonly { organizationId: string; membershipId: string; lastManager: boolean; demotes: boolean }[];
}

async function plan(ctx: GatehouseContext, who: Principal, db: Db, userId: string, input: AssignOrganizationsInput): Promise<Plan> {
  const user = await loadTargetUser(db, userId);
  const wanted = new Map(input.organizations.map((entry) => [entry.organizationId, entry]));
  const added: Plan['added'][number][] = [];
  for (const [organizationId, { roleId, expiresAt }] of wanted) {
    const current = user.memberships.find((membership) => membership.organizationId === organizationId);
    if (current) {
      if (roleId !== undefined && roleId !== current.roleId) {
        throw new GatehouseError('INVALID_INPUT', 'Change the role of an existing membership with PUT /users/:id/role', {
          errors: [{ in: 'body', path: 'organizations', message: `organisation ${organizationId} already has a membership with another role` }],
        });
      }
      if (expiresAt !== undefined && endText(accessEndOf(expiresAt) ?? null) !== endText(current.expiresAt)) {
        throw new GatehouseError('INVALID_INPUT', 'Change the end of an existing membership with PUT /users/:id/access-end', {
          errors: [{ in: 'body', path: 'organizations', message: `organisation ${organizationId} already has a membership with another end` }],
        });
      }
      continue;
    }
    if (!(await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) throw notFound('organization');
    if (roleId === undefined) {
      throw new GatehouseError('INVALID_INPUT', 'A new membership needs a roleId', { errors: [{ in: 'body', path: 'organizations', message: `roleId missing for ${organizationId}` }] });
    }
    const role = await assignableRole(db, roleId, organizationId);
    const holder = role.uniquePerOrganization ? await db.membership.findFirst({ where: liveSeat(organizationId, role.id, ctx.config.now()), select: { id: true } }) : null;
    added.push({ organizationId, role, uniqueRoleTaken: holder !== null, expiresAt: accessEndOf(expiresAt) ?? null });
  }
  // Only memberships the actor can see are the actor's to remove.
  const removable = user.memberships.filter((membership) => who.actor.organizations.has(membership.organizationId) && !wanted.has(membership.organizationId));
  const removed: Plan['removed'][number][] = [];
  for (const membership of removable) {
    const demotes = managesUsers(ctx, membership);
    const lastManager = demotes && (await lastManagerIn(ctx, db, user, [membership.organizationId])).length > 0;
    removed.push({ organizationId: membership.organizationId, membershipId: membership.id, lastManager, demotes });
  }
  return { user, added, removed };
}

function checksOf(who: Principal, facts: Plan): Check[] {
  const { user } = facts;
  const isOwner = ownsAnything(user);
  // The user must be visible to the actor at all before anything about them is decided.
  const checks: Check[] = [
    {
      action: 'user.assignOrganizations',
      target: userTarget(user),
      subject: {
        targetType: 'user',
        targetId: user.id,
        organizationId: auditOrganization(who, user),
        details: {
          added: facts.added.map((entry) => ({ organizationId: entry.organizationId, roleId: entry.role.id, ...(entry.expiresAt ? { expiresAt: endText(entry.expiresAt) } : {}) })),
          removed: facts.removed.map((entry) => entry.organizationId),
        },
      },
    },
  ];
  for (const entry of facts.added) {
    checks.push({
      action: 'user.assignOrganizations',
      target: {
        kind: 'user',
        userId: user.id,
        organizationIds: [entry.organizationId],
        isOwner,
        change: { grants: grantsOf(entry.role), assignsRole: roleFacts(entry.role), uniqueRoleTaken: entry.uniqueRoleTaken },
      },
      subject: { targetType: 'user', targetId: user.id, organizationId: entry.organizationId, details: { assign: entry.organizationId, roleId: entry.role.id } },
    });
  }
  for (const entry of facts.removed) {
    checks.push({
      action: 'user.assignOrganizations',
      target: { kind: 'user', userId: user.id, organizationIds: [entry.organizationId], isOwner, isLastManager: entry.lastManager, change: { demotesManager: entry.demotes } },
      subject: { targetType: 'user', targetId: user.id, organizationId: entry.organizationId, details: { unassign: entry.organizationId } },
    });
  }
  return checks;
}

export const assignUserOrganizations = defineOperation({
  key: 'user.assignOrganizations',
  permission: 'user.assignOrganizations',
  label: 'Assigned organisations',
  summary: 'Assign and unassign organisations among those you reach (R-TENANT-1, R-ESC-1, R-LAST-1, R-UNIQ-1)',
  rules: ['R-TENANT-1', 'R-ESC-1', 'R-LAST-1', 'R-UNIQ-1', 'R-SELF-1', 'R-OWNER-1', 'R-READ-1', 'R-EXP-1'],
  input: organizationsBody,
  rest: { method: 'put', path: '/users/:id/organizations', tag: 'users', errors: [409] },
  panel: {
    resource: 'User',
    name: 'assignOrganizations',
    kind: 'record',
    view: { component: 'AssignOrganizations' },
    icon: 'GitBranch',
    async form({ ctx, who, record }) {
      const organizations = await organizationChoices(ctx, who, 'user.assignOrganizations');
      const current = new Map(visibleMemberships(record, who).map((membership) => [membership.organizationId, membership.roleId]));
      const roles = await ctx.prisma.role.findMany({ where: { organizationId: null }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
      return {
        intro: 'Organisations you do not manage are not listed and stay as they are.',
        data: {
          organizations: organizations.map((organization) => ({ id: organization.id, name: organization.name, roleId: current.get(organization.id) ?? null })),
          roles: roles.map((role) => ({ value: role.id, label: role.name })),
        },
        submitLabel: 'Save organisations',
      };
    },
    done: (user) => `The organisations of ${(user as UserView).email} are saved`,
  },
  audit: { targetType: 'user' },
  load: (db, { ctx, who, id, input }) => plan(ctx, who, db, id, input),
  checks: (facts, { who }) => checksOf(who, facts),
  // Seed 002: "the system will not allow a user account … without being assigned to an organisation".
  refuse: (facts, { ctx, input }) =>
    input.organizations.map((entry) => futureAccessEnd(entry.expiresAt, ctx.config.now(), 'organizations')).find((error) => error !== null) ??
    (facts.user.memberships.length - facts.removed.length + facts.added.length === 0 ? new GatehouseError('CONFLICT', 'A user belongs to at least one organisation') : null),
  organizations: (facts) => [...facts.added.map((entry) => entry.organizationId), ...facts.removed.map((entry) => entry.organizationId)],
  async apply(tx, facts, { ctx, id }) {
    if (facts.removed.length > 0) await tx.membership.deleteMany({ where: { id: { in: facts.removed.map((entry) => entry.membershipId) } } });
    for (const entry of facts.added) {
      if (entry.role.uniquePerOrganization) await releaseEndedSeat(tx, entry.organizationId, entry.role.id, ctx.config.now());
      await tx.membership.create({
        data: {
          userId: id,
          organizationId: entry.organizationId,
          roleId: entry.role.id,
          uniqueRoleId: entry.role.uniquePerOrganization ? entry.role.id : null,
          expiresAt: entry.expiresAt,
        },
      });
    }
    if (facts.added.length + facts.removed.length > 0) await bumpAccess(tx, { id });
  },
  uniqueViolations: [uniqueRoleViolation, membershipViolation],
  view: (_result, { ctx, who, id }): Promise<UserView> => userView(ctx, ctx.prisma, who, id),
});
