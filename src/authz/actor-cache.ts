// Compiled actors, cached per user and keyed by the user's accessVersion. Every change that can
// alter a user's permissions bumps that column (access-version.ts), and each request reads the
// user row anyway to check status and lock (R-SESS-1), so a stale entry is never used: not on
// this instance, not on another one sharing the database. A grant can also run out by itself
// (a time-limited grant): an actor is then stale from the moment given by validUntilOf.
import type { Actor } from '../engine/types.ts';

interface Entry {
  readonly version: number;
  readonly actor: Actor;
  readonly validUntil: number;
}

/**
 * The one place that reads when a compiled actor stops being valid: the earliest moment one of its
 * grants expires (`Actor.validUntil`, ms since epoch), Infinity for an actor whose grants do not
 * expire or an engine that does not say.
 */
export function validUntilOf(actor: Actor): number {
  const validUntil = (actor as { readonly validUntil?: unknown }).validUntil;
  return typeof validUntil === 'number' ? validUntil : Number.POSITIVE_INFINITY;
}

export class ActorCache {
  readonly #entries = new Map<string, Entry>();
  constructor(private readonly capacity = 10_000) {}

  /** The cached actor, if it was compiled at this version and none of its grants has expired by `now` (ms). */
  get(userId: string, version: number, now: number): Actor | undefined {
    const entry = this.#entries.get(userId);
    if (!entry || entry.version !== version || now >= entry.validUntil) return undefined;
    // Re-insert to keep the map in least-recently-used order.
    this.#entries.delete(userId);
    this.#entries.set(userId, entry);
    return entry.actor;
  }

  set(userId: string, version: number, actor: Actor): void {
    this.#entries.delete(userId);
    this.#entries.set(userId, { version, actor, validUntil: validUntilOf(actor) });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
