// Impact preview: before a policy edit, a role's policy list, an access-rights toggle or a role change
// is saved, who would gain and who would lose which permissions. Pure: the service loads the current
// holders' facts, builds what they would be after (facts-change.ts), and shows this; the save carries
// `fingerprint` and is refused when the holders' facts no longer give the same one.
import { compileActor, createCompileMemo, type CompileMemo, type CompileOptions } from './actor.ts';
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
const NOTHING: ReadonlyMap<string, HeldPermission> = new Map();
// Compiled holds always carry their instances, so comparing two holds needs no organisation.
const NO_ACCESS: OrganizationAccess = { organizationId: '', held: NOTHING, switchedOff: new Set(), isOwner: false, readOnly: false, scope: null };

function compare(from: ReadonlyMap<string, HeldPermission>, to: ReadonlyMap<string, HeldPermission>): HolderDiff {
  const gains = new Set<string>();
  const losses = new Set<string>();
  for (const [permission, hold] of to) if (!coversHold(from.get(permission), NO_ACCESS, hold, NO_ACCESS)) gains.add(permission);
  for (const [permission, hold] of from) if (!coversHold(to.get(permission), NO_ACCESS, hold, NO_ACCESS)) losses.add(permission);
  return gains.size === 0 && losses.size === 0 ? NO_DIFF : { gains, losses };
}

/** One preview's caches: holders sharing roles compile to shared permission maps, compared once per pair. */
class PreviewCache {
  readonly memo: CompileMemo = createCompileMemo();
  readonly #pairs = new WeakMap<ReadonlyMap<string, HeldPermission>, WeakMap<ReadonlyMap<string, HeldPermission>, HolderDiff>>();

  compare(from: ReadonlyMap<string, HeldPermission>, to: ReadonlyMap<string, HeldPermission>): HolderDiff {
    if (from === to) return NO_DIFF;
    let byTo = this.#pairs.get(from);
    if (byTo === undefined) this.#pairs.set(from, (byTo = new WeakMap()));
    let diff = byTo.get(to);
    if (diff === undefined) byTo.set(to, (diff = compare(from, to)));
    return diff;
  }
}

function diff(options: CompileOptions, cache: PreviewCache, before: ActorFacts, after: ActorFacts, now: Date | number | undefined): HolderDiff {
  if (before === after) return NO_DIFF;
  const was = compileActor(before, options, { now }, cache.memo).organizations;
  const will = compileActor(after, options, { now }, cache.memo).organizations;
  let gains: Set<string> | null = null;
  let losses: Set<string> | null = null;
  const add = (organizationId: string): void => {
    const from = was.get(organizationId);
    const to = will.get(organizationId);
    const change = cache.compare(from === undefined ? NOTHING : potential(from), to === undefined ? NOTHING : potential(to));
    if (change === NO_DIFF) return;
    for (const permission of change.gains) (gains ??= new Set()).add(permission);
    for (const permission of change.losses) (losses ??= new Set()).add(permission);
  };
  for (const organizationId of was.keys()) add(organizationId);
  for (const organizationId of will.keys()) if (!was.has(organizationId)) add(organizationId);
  return gains === null && losses === null ? NO_DIFF : { gains: gains ?? NO_DIFF.gains, losses: losses ?? NO_DIFF.losses };
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
  const cache = new PreviewCache();
  for (const holder of holders) {
    const change = diff(options, cache, holder.before, holder.after, input.now);
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
