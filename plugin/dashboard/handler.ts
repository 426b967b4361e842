// The dashboard's numbers, each scoped by the same engine filter as the lists (scopes.ts): users by
// status, pending and soon-expiring invitations, locked accounts, recent denied actions. Someone who
// may see none of them gets zeros and empty lists, never another organisation's figures.
import type { PageContext } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { auditEventInWords } from '../../src/audit/in-words.ts';
import { principalOf } from '../panel-gate.ts';
import { auditScope, invitationScope, userScope } from '../scopes.ts';

const EXPIRING_WITHIN_MS = 24 * 3_600_000;
const LIST_LENGTH = 8;

export interface DashboardData {
  readonly usersByStatus: { readonly active: number; readonly disabled: number; readonly invited: number; readonly locked: number };
  readonly invitations: { readonly pending: number; readonly expiringSoon: { email: string; expiresAt: string; id: string }[] };
  readonly locked: { id: string; email: string; lockedUntil: string | null }[];
  /** Each refusal as a sentence: who, what, to whom (src/audit/in-words.ts). */
  readonly denied: { id: string; at: string; text: string }[];
  readonly canSeeAudit: boolean;
  /** The tiles about other people are for those who act on them; a member without such rights sees their own things. */
  readonly canManageUsers: boolean;
  readonly canInvite: boolean;
}

export function dashboardHandler(ctx: GatehouseContext) {
  const users = userScope(ctx);
  const invitations = invitationScope(ctx);
  const audit = auditScope(ctx);
  return async (_request: unknown, _response: unknown, context: PageContext): Promise<DashboardData | { notice: { message: string; type: 'error' } }> => {
    const who = principalOf(context.currentAdmin);
    if (!who) return { notice: { message: 'Sign in first', type: 'error' } };
    const now = ctx.config.now();
    const inScope = users.where(who);
    const lockedWhere = { AND: [inScope, { lockedUntil: { gt: now } }] };
    const pendingWhere = { AND: [invitations.where(who), { status: 'PENDING' as const, expiresAt: { gt: now } }] };
    const deniedWhere = { AND: [audit.where(who), { outcome: 'DENIED' as const }] };
    const [active, disabled, invited, lockedCount, lockedRows, pending, expiring, denied] = await Promise.all([
      // A disable whose end has passed counts as active (R-STATE-2).
      ctx.prisma.user.count({ where: { AND: [inScope, { OR: [{ status: 'ACTIVE' }, { status: 'DISABLED', disabledUntil: { lte: now } }] }] } }),
      ctx.prisma.user.count({ where: { AND: [inScope, { status: 'DISABLED' }, { OR: [{ disabledUntil: null }, { disabledUntil: { gt: now } }] }] } }),
      ctx.prisma.user.count({ where: { AND: [inScope, { status: 'INVITED' }] } }),
      ctx.prisma.user.count({ where: lockedWhere }),
      ctx.prisma.user.findMany({ where: lockedWhere, select: { id: true, email: true, lockedUntil: true }, orderBy: { email: 'asc' }, take: LIST_LENGTH }),
      ctx.prisma.invitation.count({ where: pendingWhere }),
      ctx.prisma.invitation.findMany({
        where: { AND: [pendingWhere, { expiresAt: { lte: new Date(now.getTime() + EXPIRING_WITHIN_MS) } }] },
        select: { id: true, email: true, expiresAt: true },
        orderBy: { expiresAt: 'asc' },
        take: LIST_LENGTH,
      }),
      ctx.prisma.auditEvent.findMany({ where: deniedWhere, orderBy: { at: 'desc' }, take: LIST_LENGTH }),
    ]);
    return {
      usersByStatus: { active, disabled, invited, locked: lockedCount },
      invitations: { pending, expiringSoon: expiring.map((row) => ({ id: row.id, email: row.email, expiresAt: row.expiresAt.toISOString() })) },
      // An administrator's lock has no end (9999): shown as "until unlocked".
      locked: lockedRows.map((row) => ({ id: row.id, email: row.email, lockedUntil: row.lockedUntil && row.lockedUntil.getUTCFullYear() < 9000 ? row.lockedUntil.toISOString() : null })),
      denied: await Promise.all(
        denied.map(async (row) => {
          const words = await auditEventInWords(ctx, row as unknown as Record<string, unknown>);
          return { id: row.id, at: row.at.toISOString(), text: `${words.actorText}: ${words.actionText} — ${words.targetText}` };
        }),
      ),
      canSeeAudit: ctx.engine.holdsAnywhere(who.actor, 'audit.view'),
      canManageUsers: ['user.lock', 'user.disable', 'user.edit', 'user.create'].some((permission) => ctx.engine.holdsAnywhere(who.actor, permission)),
      canInvite: ctx.engine.holdsAnywhere(who.actor, 'user.invite'),
    };
  };
}
