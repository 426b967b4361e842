// Handing an organisation to another of its active members (seed 000: "make other decisions on
// the account, such as … changing the account owner"). Only the owner does it (R-OWNER-2, decided
// by ownership, not by a role), after giving their password again and their second factor's code
// (authenticator, recovery or e-mailed): what it hands over is everything. The new owner gets the preset's owner role; the
// previous owner keeps the role they choose, by default the preset's most senior role a non-owner
// may hold (seed 000: Administrator), never an owner-only one (R-OWNER-2) nor a unique one that is
// taken (R-UNIQ-1).
import { z } from 'zod';
import { statusAt } from '../../users/disabled.ts';
import { currentPassword } from '../../account/schema.ts';
import { requireCurrentPassword, requireSecondFactorCode } from '../../account/operations/self.ts';
import { isLocked } from '../../auth/lockout.ts';
import { bumpAccess } from '../../authz/access-version.ts';
import type { Check } from '../../authz/authorize.ts';
import type { GatehouseContext } from '../../context.ts';
import { GatehouseError, isGatehouseError, notFound } from '../../errors/gatehouse-error.ts';
import { roleChoices, splitPair } from '../../operations/choices.ts';
import { type Db, defineOperation, type FieldOption } from '../../operations/operation.ts';
import type { Preset } from '../../presets/types.ts';
import { builtinRoleId } from '../../roles/sync-preset.ts';
import { assignableRole, type RoleRow, roleFacts, roleWithGrants } from '../../users/roles.ts';
import { id } from '../../users/schemas.ts';
import { uniqueRoleViolation } from '../../users/unique-violations.ts';

/**
 * The role a previous owner keeps unless they choose: the first of the preset's built-in roles
 * (presets list them most senior first) that a non-owner may hold beside the new owner.
 */
export function defaultPreviousOwnerRoleId(preset: Preset): string | null {
  const owner = preset.roles.find((role) => role.key === preset.ownerRoleKey);
  const role = preset.roles.find(
    (candidate) => !candidate.custom && !candidate.ownerOnly && !candidate.readOnly && !(candidate.key === preset.ownerRoleKey && owner?.uniquePerOrganization),
  );
  return role ? builtinRoleId(role.key) : null;
}

export const transferredOwnershipView = z.object({
  organizationId: z.string(),
  ownerId: z.string(),
  ownerEmail: z.string(),
  previousOwnerId: z.string(),
  previousOwnerRoleId: z.string(),
});

type Transferred = z.infer<typeof transferredOwnershipView>;

const memberSelect = { include: { user: { select: { id: true, email: true, status: true, disabledUntil: true, lockedUntil: true } } } } as const;

/** A role that does not exist or that the organisation cannot use is absent, like elsewhere; anything else is a failure. */
async function roleOrNull(db: Db, roleId: string, organizationId: string): Promise<RoleRow | null> {
  try {
    return await assignableRole(db, roleId, organizationId);
  } catch (error) {
    if (isGatehouseError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

async function load(ctx: GatehouseContext, db: Db, organizationId: string, callerId: string, input: { newOwnerId: string; previousOwnerRoleId?: string | undefined }) {
  if (!(await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) throw notFound('organization');
  const caller = await db.user.findUniqueOrThrow({ where: { id: callerId }, select: { id: true, email: true, passwordHash: true, mfaMethod: true, mfaEnrolled: true } });
  const current = await db.membership.findUnique({ where: { userId_organizationId: { userId: callerId, organizationId } }, select: { id: true, isOwner: true } });
  const successor = await db.membership.findUnique({ where: { userId_organizationId: { userId: input.newOwnerId, organizationId } }, ...memberSelect });
  const ownerRole = await db.role.findUnique({ where: { id: builtinRoleId(ctx.preset.ownerRoleKey) }, include: roleWithGrants });
  const previousRoleId = input.previousOwnerRoleId ?? defaultPreviousOwnerRoleId(ctx.preset);
  const previousRole = previousRoleId === null ? null : await roleOrNull(db, previousRoleId, organizationId);
  // Taken: by someone who keeps it, or by the new owner when it is the owner's role.
  const previousRoleTaken =
    previousRole !== null &&
    previousRole.uniquePerOrganization &&
    (previousRole.id === ownerRole?.id ||
      (await db.membership.findFirst({ where: { organizationId, uniqueRoleId: previousRole.id, userId: { notIn: [callerId, input.newOwnerId] } }, select: { id: true } })) !== null);
  return { caller, current, successor, ownerRole, previousRole, previousRoleTaken };
}

type Facts = Awaited<ReturnType<typeof load>>;

/** The facts the change needs, all present, or why it cannot happen (asked by `refuse`, so `apply` never meets the refusal). */
function settled(facts: Facts, callerId: string, now: Date) {
  const { current, successor, ownerRole, previousRole } = facts;
  if (!successor) return notFound('member');
  if (successor.userId === callerId) return new GatehouseError('CONFLICT', 'You are the owner already');
  if (statusAt(successor.user, now) !== 'ACTIVE') return new GatehouseError('CONFLICT', 'The new owner must be an active member: not invited or disabled');
  if (isLocked(successor.user, now)) return new GatehouseError('CONFLICT', 'The new owner is locked; unlock them first');
  if (!previousRole) return notFound('role');
  // The engine decided on the caller's actor as the request began; a transfer that committed since
  // (seen here, inside the transaction) has made them a former owner.
  if (current?.isOwner !== true || !ownerRole) return new GatehouseError('CONFLICT', 'You are no longer the owner of this organisation');
  return { current, successor, ownerRole, previousRole };
}

function checks(facts: Facts, organizationId: string, callerId: string, input: { newOwnerId: string }): Check[] {
  const subject = {
    targetType: 'organization',
    targetId: organizationId,
    organizationId,
    details: { fromUserId: callerId, toUserId: input.newOwnerId, previousOwnerRoleId: facts.previousRole?.id ?? null },
  };
  const transfer: Check = { action: 'org.transferOwnership', target: { kind: 'organization', organizationId }, subject };
  if (!facts.previousRole) return [transfer];
  // The role the previous owner keeps, as the engine judges a role given to someone who is not the owner.
  const keeps: Check = {
    action: 'org.transferOwnership',
    target: { kind: 'organization', organizationId, change: { assignsRole: roleFacts(facts.previousRole), uniqueRoleTaken: facts.previousRoleTaken } },
    subject,
  };
  return [transfer, keeps];
}

export const transferOwnership = defineOperation({
  key: 'organization.transferOwnership',
  permission: 'org.transferOwnership',
  label: 'Transfer ownership',
  summary: "Hand the organisation to another active member, with your password and second factor (R-OWNER-2, R-UNIQ-1)",
  rules: ['R-OWNER-2', 'R-UNIQ-1', 'R-TENANT-1', 'R-ORG-1', 'R-LOCK-1', 'R-ATOM-1'],
  input: z.strictObject({
    newOwnerId: id.describe('A user who is an active member of the organisation'),
    previousOwnerRoleId: id.optional().describe("The role you keep; default the preset's most senior role a non-owner may hold"),
    currentPassword,
    code: z.string().trim().min(6).max(64).optional().describe('Your second factor: the authenticator app\'s current code or a recovery code; with e-mail codes, send without it first to have one mailed'),
  }),
  rest: { method: 'post', path: '/organizations/:id/transfer-ownership', tag: 'organizations', response: transferredOwnershipView, errors: [409] },
  panel: {
    resource: 'Organization',
    name: 'transferOwnership',
    kind: 'record',
    view: 'form',
    icon: 'Repeat',
    variant: 'danger',
    async form({ ctx, who, id: organizationId, record }) {
      const members = await ctx.prisma.membership.findMany({
        where: { organizationId, userId: { not: who.userId } },
        select: { userId: true, role: { select: { name: true } }, user: { select: { email: true, firstName: true, lastName: true, status: true, disabledUntil: true, lockedUntil: true } } },
        orderBy: { user: { lastNameSearch: 'asc' } },
      });
      const now = ctx.config.now();
      const successors: FieldOption[] = members.map(({ userId, role, user }) => {
        const unavailable = statusAt(user, now) !== 'ACTIVE' ? 'Not active' : isLocked(user, now) ? 'Locked' : null;
        return { value: userId, label: `${user.firstName} ${user.lastName} <${user.email}> (${role.name})`, ...(unavailable ? { disabled: true, note: unavailable } : {}) };
      });
      const name = String(record?.params.name ?? '');
      const roles = (await roleChoices(ctx, who, 'org.transferOwnership', [{ id: organizationId, name }])).map((option) => ({ ...option, value: splitPair(option.value).roleId }));
      const caller = await ctx.prisma.user.findUniqueOrThrow({ where: { id: who.userId }, select: { mfaMethod: true, mfaEnrolled: true } });
      const preset = defaultPreviousOwnerRoleId(ctx.preset);
      return {
        intro: `The new owner gets the ${ctx.preset.roles.find((role) => role.key === ctx.preset.ownerRoleKey)?.name ?? 'owner'} role and everything only the owner may do. You keep the role you choose here; only the new owner can hand ownership back.`,
        fields: {
          newOwnerId: { label: 'New owner', type: 'select', options: successors },
          previousOwnerRoleId: { label: 'Your role afterwards', type: 'select', options: roles, ...(preset ? { value: preset } : {}) },
          currentPassword: { label: 'Your current password', type: 'password' },
          code: !caller.mfaEnrolled ? { hidden: true }
            : caller.mfaMethod === 'TOTP' ? { label: 'Authenticator code', help: 'The six digits your authenticator app shows now, or one of your recovery codes' }
            : caller.mfaMethod === 'EMAIL' ? { label: 'Code from the e-mail', help: 'Leave it empty and transfer: a code is e-mailed to you. Then enter it here and transfer again.' }
            : { hidden: true },
        },
        submitLabel: 'Transfer ownership',
        confirm: 'Transfer ownership? You stop being the owner at once.',
      };
    },
    done: (result) => `Ownership is transferred to ${(result as Transferred).ownerEmail}`,
  },
  audit: { action: 'org.transferOwnership', targetType: 'organization' },
  load: (db, { ctx, who, id: organizationId, input }) => load(ctx, db, organizationId, who.userId, input),
  checks: (facts, { who, id: organizationId, input }) => checks(facts, organizationId, who.userId, input),
  refuse: (facts, { ctx, who }) => {
    const ready = settled(facts, who.userId, ctx.config.now());
    return ready instanceof GatehouseError ? ready : null;
  },
  async prepare(facts, { ctx, who, input }) {
    await requireCurrentPassword(ctx, who, facts.caller, input.currentPassword);
    await requireSecondFactorCode(ctx, who, facts.caller, input.code);
  },
  organizations: (_facts, { id: organizationId }) => [organizationId],
  async apply(tx, facts, { ctx, who, id: organizationId }): Promise<Transferred> {
    const ready = settled(facts, who.userId, ctx.config.now());
    if (ready instanceof GatehouseError) throw ready;
    const { current, successor, ownerRole, previousRole } = ready;
    // One owner and one holder per unique role at every step: the previous owner steps down and lets
    // go of any unique role first, the new owner steps up, then the previous owner's unique role is set.
    await tx.membership.update({ where: { id: current.id }, data: { isOwner: null, roleId: previousRole.id, uniqueRoleId: null, disabledRights: '[]' } });
    await tx.membership.update({
      where: { id: successor.id },
      data: { isOwner: true, roleId: ownerRole.id, uniqueRoleId: ownerRole.uniquePerOrganization ? ownerRole.id : null, disabledRights: '[]' },
    });
    if (previousRole.uniquePerOrganization) await tx.membership.update({ where: { id: current.id }, data: { uniqueRoleId: previousRole.id } });
    await bumpAccess(tx, { id: { in: [who.userId, successor.userId] } });
    return { organizationId, ownerId: successor.userId, ownerEmail: successor.user.email, previousOwnerId: who.userId, previousOwnerRoleId: previousRole.id };
  },
  uniqueViolations: [uniqueRoleViolation],
  view: (result) => result,
});
