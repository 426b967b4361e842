// What the membership forms of the panel offer: the user's memberships in organisations the actor
// reaches (the others are not the actor's to see), and among them those where the engine allows an
// action on this user.
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import type { Actor } from '../../engine/types.ts';
import type { FieldOption, PanelRecordFacts } from '../../operations/operation.ts';

export interface MembershipFact {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly roleId: string;
  readonly roleName: string;
  readonly isOwner: boolean;
  /** R-EXP-1: when the membership ends, null when it does not. */
  readonly expiresAt: Date | null;
}

export function visibleMemberships(record: PanelRecordFacts | null, who: Principal): MembershipFact[] {
  const memberships = (record?.facts as { memberships?: MembershipFact[] } | null)?.memberships ?? [];
  return memberships.filter((membership) => who.actor.organizations.has(membership.organizationId));
}

/** `touchesIdentity`: whether acting on that membership touches the user's identity (R-ESC-2, judged on what they hold). */
export function membershipsAllowing(
  ctx: GatehouseContext,
  who: Principal,
  record: PanelRecordFacts | null,
  permission: string,
  touchesIdentity: (membership: MembershipFact) => boolean = () => false,
): MembershipFact[] {
  const userId = record?.id ?? '';
  const holder = (record?.facts as { holder?: Actor } | null)?.holder;
  return visibleMemberships(record, who).filter(
    (membership) =>
      ctx.engine.decide(who.actor, permission, {
        kind: 'user',
        userId,
        organizationIds: [membership.organizationId],
        isOwner: membership.isOwner,
        holder,
        ...(touchesIdentity(membership) ? { touchesIdentity: true } : {}),
      }).allowed,
  );
}

export function organizationOptions(memberships: readonly MembershipFact[]): FieldOption[] {
  return memberships.map((membership) => ({ value: membership.organizationId, label: `${membership.organizationName} (${membership.roleName})` }));
}
