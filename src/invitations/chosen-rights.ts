// Seed 003: the inviter ticks permission areas (services, domains, billing…) instead of picking a
// role. The invitee gets the preset's member role with every unticked area switched off (R-ACC-1).
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { Preset } from '../presets/types.ts';
import { builtinRoleId } from '../roles/sync-preset.ts';

/** Permission keys to switch off so that only the chosen access rights remain. */
export function disabledRightsFor(preset: Preset, chosen: readonly string[]): string[] {
  const known = new Set(preset.accessRights.map((right) => right.key));
  const unknown = chosen.filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new GatehouseError('INVALID_INPUT', `Unknown access rights: ${unknown.join(', ')}`, {
      errors: [{ in: 'body', path: 'accessRights', message: `known: ${[...known].join(', ')}` }],
    });
  }
  const kept = new Set(preset.accessRights.filter((right) => chosen.includes(right.key)).flatMap((right) => right.permissions));
  const off = new Set(preset.accessRights.filter((right) => !chosen.includes(right.key)).flatMap((right) => right.permissions));
  // A permission shared by a chosen and an unchosen area stays on.
  return [...off].filter((permission) => !kept.has(permission)).sort();
}

/** The role an invitation without a roleId gets where the inviter chooses rights: the preset's first assignable built-in role. */
export function defaultInviteRoleId(preset: Preset): string | null {
  const role = preset.roles.find((candidate) => !candidate.custom && !candidate.ownerOnly && candidate.key !== preset.ownerRoleKey);
  return role ? builtinRoleId(role.key) : null;
}
