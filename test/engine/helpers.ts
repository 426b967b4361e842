import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileActor } from '../../src/engine/actor.ts';
import { decide } from '../../src/engine/decide.ts';
import type { Actor, ChangeFacts, MembershipFacts, ResourceScope, RoleFacts, RuleId, Target } from '../../src/engine/types.ts';
import { presetRoleGrants } from '../../src/presets/define.ts';
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
  };
}

export interface MembershipOptions {
  readonly isOwner?: boolean;
  readonly disabledRights?: readonly string[];
  readonly scope?: ResourceScope | null;
}

export function member(preset: Preset, roleKey: string, organizationId: string, options: MembershipOptions = {}): MembershipFacts {
  return {
    organizationId,
    role: roleFacts(preset, roleKey),
    isOwner: options.isOwner ?? false,
    disabledRights: options.disabledRights ?? [],
    scope: options.scope ?? null,
  };
}

export function actorOf(
  preset: Preset,
  userId: string,
  memberships: readonly MembershipFacts[],
  descendants: ReadonlyMap<string, readonly string[]> = new Map(),
): Actor {
  return compileActor(
    { userId, memberships, descendants },
    { catalog: preset.catalog, ownerHasAllPermissions: preset.ownerHasAllPermissions },
  );
}

export function userTarget(
  userId: string,
  organizationIds: readonly string[],
  extra: { isOwner?: boolean; isLastManager?: boolean; change?: ChangeFacts } = {},
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
