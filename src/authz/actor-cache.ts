// Compiled actors, cached per user and keyed by the user's accessVersion. Every change that can
// alter a user's permissions bumps that column (access-version.ts), and each request reads the
// user row anyway to check status and lock (R-SESS-1), so a stale entry is never used: not on
// this instance, not on another one sharing the database.
import type { Actor } from '../engine/types.ts';

interface Entry {
  readonly version: number;
  readonly actor: Actor;
}

export class ActorCache {
  readonly #entries = new Map<string, Entry>();
  constructor(private readonly capacity = 10_000) {}

  get(userId: string, version: number): Actor | undefined {
    const entry = this.#entries.get(userId);
    if (!entry || entry.version !== version) return undefined;
    // Re-insert to keep the map in least-recently-used order.
    this.#entries.delete(userId);
    this.#entries.set(userId, entry);
    return entry.actor;
  }

  set(userId: string, version: number, actor: Actor): void {
    this.#entries.delete(userId);
    this.#entries.set(userId, { version, actor });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  clear(): void {
    this.#entries.clear();
  }
}
