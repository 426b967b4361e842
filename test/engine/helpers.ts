import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileActor } from '../../src/engine/actor.ts';
import { decide } from '../../src/engine/decide.ts';
import type { Actor, ChangeFacts, MembershipFacts, PolicyFacts, ResourceScope, RoleFacts, RuleId, Target } from '../../src/engine/types.ts';
import { presetRoleGrants, toGrant } from '../../src/presets/define.ts';
import type { Preset } from '../../src/presets/types.ts';

export function roleFacts(preset: Preset, roleKey: string): RoleFacts {
  const role = preset.roles.find((candidate) => candidate.key === roleKey);
  if (role === undefined) throw new Error(`${preset.id}: no role ${roleKey}`);
  return {
    id: `${preset.id}:${role.key}`,
    key: role.key,
    protected: role.protected ?? false,
    uniquePerOrganization: role.uniquePerOrganization ?? false,
    ownerOnly: role.ownerOnly ?? false,
    readOnly: role.readOnly ?? false,
    includesSubOrganizations: role.includesSubOrganizations ?? false,
    grants: presetRoleGrants(preset, role),
    policies: rolePolicies(preset, roleKey),
  };
}

/** The policies a preset role is seeded with, as a loader would give them: its inline grants as a policy of its own, then the preset's. */
function rolePolicies(preset: Preset, roleKey: string): PolicyFacts[] | undefined {
  const role = preset.roles.find((candidate) => candidate.key === roleKey);
  if (role === undefined || role.legacy === true) return undefined;
  const own = role.permissions.length > 0 ? [{ id: `${preset.id}:${role.key}:own`, name: `${role.name} permissions`, grants: role.permissions.map(toGrant) }] : [];
  const carried = (role.policies ?? []).flatMap((key) => {
    const policy = preset.policies.find((candidate) => candidate.key === key);
    return policy === undefined ? [] : [{ id: `${preset.id}:${policy.key}`, name: policy.name, grants: policy.grants.map(toGrant) }];
  });
  return [...own, ...carried];
}

export interface MembershipOptions {
  readonly isOwner?: boolean;
  readonly disabledRights?: readonly string[];
  readonly scope?: ResourceScope | null;
  readonly expiresAt?: Date | number | null;
}

export function member(preset: Preset, roleKey: string, organizationId: string, options: MembershipOptions = {}): MembershipFacts {
  return {
    organizationId,
    role: roleFacts(preset, roleKey),
    isOwner: options.isOwner ?? false,
    disabledRights: options.disabledRights ?? [],
    scope: options.scope ?? null,
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
  };
}

/** The clock and organisation states an actor is compiled against (R-EXP-1, R-ORG-1), and provenance for explain. */
export interface WorldOptions {
  readonly now?: number;
  readonly disabledOrganizations?: readonly string[];
  readonly provenance?: boolean;
}

export function actorOf(
  preset: Preset,
  userId: string,
  memberships: readonly MembershipFacts[],
  descendants: ReadonlyMap<string, readonly string[]> = new Map(),
  world: WorldOptions = {},
): Actor {
  return compileActor(
    { userId, memberships, descendants, ...(world.disabledOrganizations === undefined ? {} : { disabledOrganizations: world.disabledOrganizations }) },
    { catalog: preset.catalog, ownerHasAllPermissions: preset.ownerHasAllPermissions },
    { now: world.now, provenance: world.provenance },
  );
}

export function userTarget(
  userId: string,
  organizationIds: readonly string[],
  extra: { isOwner?: boolean; isLastManager?: boolean; change?: ChangeFacts; holder?: Actor; touchesIdentity?: boolean } = {},
): Target {
  return { kind: 'user', userId, organizationIds, ...extra, isOwner: extra.isOwner ?? false };
}

export function recordTarget(resource: string, id: string, organizationId: string, ownerId: string | null = null): Target {
  return { kind: 'record', resource, id, organizationId, ownerId };
}

export function orgTarget(organizationId: string, change?: ChangeFacts): Target {
  return change === undefined ? { kind: 'organization', organizationId } : { kind: 'organization', organizationId, change };
}

export interface Row {
  readonly title: string;
  readonly actor: Actor;
  readonly action: string;
  readonly target: Target;
  readonly allowed: boolean;
  readonly rule: RuleId;
}

/** One node:test per row, titled with the rule it expects so that a failure names the guard. */
export function runTable(preset: Preset, rows: readonly Row[]): void {
  for (const row of rows) {
    test(`${row.rule}: ${preset.id} — ${row.title}`, () => {
      const decision = decide(row.actor, row.action, row.target, preset.catalog);
      assert.deepEqual(
        { allowed: decision.allowed, rule: decision.rule },
        { allowed: row.allowed, rule: row.rule },
        `${row.action} → ${decision.rule}: ${decision.reason}`,
      );
    });
  }
}

export const allow = (title: string, actor: Actor, action: string, target: Target, rule: RuleId = 'R-PERM-1'): Row => ({
  title,
  actor,
  action,
  target,
  allowed: true,
  rule,
});

export const deny = (title: string, actor: Actor, action: string, target: Target, rule: RuleId): Row => ({
  title,
  actor,
  action,
  target,
  allowed: false,
  rule,
});
