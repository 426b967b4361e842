// isAccessible / isVisible for panel actions: always the role engine's decide(), with a target built
// from the facts the scoped resource loaded with the record. Nothing here decides on its own; a
// missing principal or missing facts mean "no".
import type { BaseRecord, CurrentAdmin } from 'adminjs';
import type { Principal } from '../src/authz/principal.ts';
import type { GatehouseContext } from '../src/context.ts';
import type { Target } from '../src/engine/types.ts';
import { principalOf } from './panel-gate.ts';
import { factsOf } from './scoped-resource.ts';
import type { InvitationFacts, OwnedFacts, UserFacts } from './scopes.ts';

export interface AccessContext {
  readonly currentAdmin?: CurrentAdmin | undefined;
  readonly record?: BaseRecord | undefined;
}

export type TargetOf = (record: BaseRecord) => Target | null;

export const userTarget: TargetOf = (record) => {
  const facts = factsOf<UserFacts>(record);
  if (!facts) return null;
  return { kind: 'user', userId: String(record.id()), organizationIds: facts.organizationIds, isOwner: facts.isOwner };
};

export const organizationTarget: TargetOf = (record) => ({ kind: 'organization', organizationId: String(record.id()) });

export const roleTarget: TargetOf = (record) => {
  const facts = factsOf<OwnedFacts>(record);
  if (!facts) return null;
  return { kind: 'role', roleId: String(record.id()), organizationId: facts.organizationId, protected: facts.protected };
};

export const policyTarget: TargetOf = (record) => {
  const facts = factsOf<OwnedFacts>(record);
  if (!facts) return null;
  return { kind: 'policy', policyId: String(record.id()), organizationId: facts.organizationId };
};

/** An invitation is acted on through its organisation (`user.invite` there). */
export const invitationTarget: TargetOf = (record) => {
  const facts = factsOf<InvitationFacts>(record);
  if (!facts) return null;
  return { kind: 'organization', organizationId: facts.organizationId };
};

/** How a record of each panel resource reads as the engine's target. */
export const panelTargets: Readonly<Record<string, TargetOf>> = {
  User: userTarget,
  Organization: organizationTarget,
  Role: roleTarget,
  PermissionPolicy: policyTarget,
  Invitation: invitationTarget,
};

/** The engine's answer for one record action. */
export function allowsOn(ctx: GatehouseContext, permission: string, targetOf: TargetOf) {
  return ({ currentAdmin, record }: AccessContext): boolean => {
    const who = principalOf(currentAdmin);
    if (!who || !record) return false;
    const target = targetOf(record);
    return target !== null && ctx.engine.decide(who.actor, permission, target).allowed;
  };
}

/** For resource actions (no record yet): the actor holds the permission in at least one organisation. */
export function holdsSomewhere(ctx: GatehouseContext, permission: string) {
  return ({ currentAdmin }: AccessContext): boolean => {
    const who = principalOf(currentAdmin);
    return who !== null && ctx.engine.holdsAnywhere(who.actor, permission);
  };
}

/** Organisations in which the actor may perform an organisation-level action (invite into, create a policy in…). */
export function organizationsAllowing(ctx: GatehouseContext, who: Principal, permission: string): string[] {
  const ids: string[] = [];
  for (const organizationId of who.actor.organizations.keys()) {
    if (ctx.engine.decide(who.actor, permission, { kind: 'organization', organizationId }).allowed) ids.push(organizationId);
  }
  return ids;
}

/** Signed in at all: used only for resources every user reaches through R-SELF-2 (their own row). */
export function signedIn({ currentAdmin }: AccessContext): boolean {
  return principalOf(currentAdmin) !== null;
}
