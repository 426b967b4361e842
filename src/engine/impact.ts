// Impact preview: before a policy edit, a role's policy list, an access-rights toggle or a role change
// is saved, who would gain and who would lose which permissions. Pure: the service loads the current
// holders' facts, builds what they would be after (facts-change.ts), and shows this; the save carries
// `fingerprint` and is refused when the holders' facts no longer give the same one.
import { compileActor, type CompileOptions } from './actor.ts';
import { coversHold } from './dominance.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { ActorFacts, HeldPermission, OrganizationAccess } from './types.ts';

export interface HolderChange {
  readonly userId: string;
  /** How the preview names the holder ("Ada Lovelace"). */
  readonly name: string;
  readonly before: ActorFacts;
  /** The same facts after the change; the very same object when the change does not concern the holder. */
  readonly after: ActorFacts;
}

export interface PermissionImpact {
  readonly permission: string;
  readonly label: string;
  /** How many holders gain (or lose) it, in at least one organisation. */
  readonly holders: number;
  /** The first of them, in the order given (the service sorts holders by name). */
  readonly first: readonly string[];
}

export interface ImpactPreview {
  readonly holders: number;
  /** Holders whose access changes at all. */
  readonly affected: number;
  readonly firstAffected: readonly string[];
  /** Permissions someone gains, or holds more broadly (own records → all records, more scoped instances), in catalog order. */
  readonly gains: readonly PermissionImpact[];
  /** Permissions someone loses, or holds more narrowly. */
  readonly losses: readonly PermissionImpact[];
  /** Of the holders' facts before the change: the save compares it with the facts it loads. */
  readonly fingerprint: string;
}

export interface PreviewInput {
  /** The clock, as for compile (R-EXP-1): memberships ended by then count neither before nor after. */
  readonly now?: Date | number | undefined;
  /** How many names each list keeps (default 5). */
  readonly first?: number | undefined;
}

/**
 * What an organisation's access gives for this purpose: for a disabled one, what it will give once
 * enabled again (R-ORG-1) — a policy edit changes that too, and the preview must say so.
 */
const potential = (access: OrganizationAccess): ReadonlyMap<string, HeldPermission> => access.heldWhenEnabled ?? access.held;

interface HolderDiff {
  readonly gains: ReadonlySet<string>;
  readonly losses: ReadonlySet<string>;
}

const NO_DIFF: HolderDiff = { gains: new Set(), losses: new Set() };

function diff(options: CompileOptions, before: ActorFacts, after: ActorFacts, now: Date | number | undefined): HolderDiff {
  if (before === after) return NO_DIFF;
  const was = compileActor(before, options, { now }).organizations;
  const will = compileActor(after, options, { now }).organizations;
  const gains = new Set<string>();
  const losses = new Set<string>();
  const empty: OrganizationAccess = { organizationId: '', held: new Map(), switchedOff: new Set(), isOwner: false, readOnly: false, scope: null };
  for (const organizationId of new Set([...was.keys(), ...will.keys()])) {
    const from = was.get(organizationId) ?? empty;
    const to = will.get(organizationId) ?? empty;
    const fromHeld = potential(from);
    const toHeld = potential(to);
    for (const [permission, hold] of toHeld) {
      if (!coversHold(fromHeld.get(permission), from, hold, to)) gains.add(permission);
    }
    for (const [permission, hold] of fromHeld) {
      if (!coversHold(toHeld.get(permission), to, hold, from)) losses.add(permission);
    }
  }
  return gains.size === 0 && losses.size === 0 ? NO_DIFF : { gains, losses };
}

interface Tally {
  holders: number;
  readonly first: string[];
}

function tally(into: Map<string, Tally>, permissions: ReadonlySet<string>, name: string, keep: number): void {
  for (const permission of permissions) {
    let entry = into.get(permission);
    if (entry === undefined) into.set(permission, (entry = { holders: 0, first: [] }));
    entry.holders++;
    if (entry.first.length < keep) entry.first.push(name);
  }
}

function listed(options: CompileOptions, tallies: ReadonlyMap<string, Tally>): PermissionImpact[] {
  const order = Object.keys(options.catalog);
  const rank = (permission: string): number => {
    const at = order.indexOf(permission);
    return at === -1 ? order.length : at;
  };
  return [...tallies]
    .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([permission, entry]) => ({
      permission,
      label: Object.hasOwn(options.catalog, permission) ? (options.catalog[permission]?.label ?? permission) : permission,
      holders: entry.holders,
      first: entry.first,
    }));
}

/** Who gains and who loses what, over every holder, with the fingerprint of their facts before. */
export function previewImpact(holders: readonly HolderChange[], options: CompileOptions, input: PreviewInput = {}): ImpactPreview {
  const keep = input.first ?? 5;
  const gains = new Map<string, Tally>();
  const losses = new Map<string, Tally>();
  const firstAffected: string[] = [];
  let affected = 0;
  for (const holder of holders) {
    const change = diff(options, holder.before, holder.after, input.now);
    if (change === NO_DIFF) continue;
    affected++;
    if (firstAffected.length < keep) firstAffected.push(holder.name);
    tally(gains, change.gains, holder.name, keep);
    tally(losses, change.losses, holder.name, keep);
  }
  return {
    holders: holders.length,
    affected,
    firstAffected,
    gains: listed(options, gains),
    losses: listed(options, losses),
    fingerprint: fingerprintOf(holders.map((holder) => holder.before)),
  };
}
