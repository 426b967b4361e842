// A fingerprint of holders' facts: the same facts give the same fingerprint whatever order the
// database returned rows in, and any change to a fact that decides something changes it. An impact
// preview hands it out; the save that follows loads the facts again, inside its transaction, and is
// refused (409) when the fingerprint differs — the holders changed meanwhile. It detects change; it is
// not a secret and not meant to resist someone crafting collisions.
import { instantOf } from './actor.ts';
import type { ActorFacts, Grant, MembershipFacts, ResourceScope } from './types.ts';

/** Two independent 32-bit FNV-1a-style lanes with a final avalanche: 64 bits, no imports. */
class Hash64 {
  #a = 0x811c9dc5;
  #b = 0x5bd1e995;

  /** Length-prefixed, so that ["ab", "c"] and ["a", "bc"] differ. */
  add(text: string): this {
    let a = Math.imul(this.#a ^ text.length, 0x01000193);
    let b = Math.imul(this.#b ^ text.length, 0x5bd1e995);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.#a = a;
    this.#b = b;
    return this;
  }

  digest(): string {
    const mix = (h: number, k: number): number => {
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b ^ k);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    return mix(this.#a, 0).toString(16).padStart(8, '0') + mix(this.#b, 0x9e3779b9).toString(16).padStart(8, '0');
  }
}

const sorted = (items: Iterable<string>): string[] => [...items].sort();

function scopeEntries(scope: ResourceScope | null): [string, string[]][] | null {
  if (scope === null) return null;
  return sorted(Object.keys(scope)).map((resource) => [resource, sorted(scope[resource] ?? [])]);
}

// JSON keeps every part unambiguous whatever characters ids contain.
function membershipKey(membership: MembershipFacts): string {
  const role = membership.role;
  const end = membership.expiresAt;
  return JSON.stringify([
    membership.organizationId,
    membership.isOwner,
    role.id,
    role.key,
    [role.protected, role.uniquePerOrganization, role.ownerOnly, role.readOnly, role.includesSubOrganizations],
    sorted(role.grants.map((grant: Grant) => JSON.stringify([grant.permission, grant.condition ?? null]))),
    sorted(membership.disabledRights),
    scopeEntries(membership.scope),
    end === undefined || end === null ? null : instantOf(end),
  ]);
}

/** The facts of one holder in one canonical string (memberships, their roles' grants, tree and disabled organisations). */
export function canonicalFacts(facts: ActorFacts): string {
  const reachingDown = sorted(new Set(facts.memberships.filter((m) => m.role.includesSubOrganizations).map((m) => m.organizationId)));
  return JSON.stringify([
    facts.userId,
    sorted(facts.memberships.map(membershipKey)),
    reachingDown.map((organizationId) => [organizationId, sorted(facts.descendants.get(organizationId) ?? [])]),
    sorted(facts.disabledOrganizations ?? []),
  ]);
}

/** The fingerprint of a set of holders' facts, in any order. */
export function fingerprintOf(holders: readonly ActorFacts[]): string {
  const canonical = holders.map(canonicalFacts).sort();
  const hash = new Hash64().add(String(canonical.length));
  for (const facts of canonical) hash.add(facts);
  return hash.digest();
}
