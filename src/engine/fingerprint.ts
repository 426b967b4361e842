// A fingerprint of holders' facts: the same facts give the same fingerprint whatever order the
// database returned rows in, and any change to a fact that decides something changes it. An impact
// preview hands it out; the save that follows loads the facts again, inside its transaction, and is
// refused (409) when the fingerprint differs — the holders changed meanwhile. It detects change; it is
// not a secret and not meant to resist someone crafting collisions.
import { instantOf } from './actor.ts';
import type { ActorFacts, Grant, MembershipFacts, ResourceScope, RoleFacts } from './types.ts';

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

/** Unambiguous whatever characters ids contain; the common empty cases cost nothing. */
const listKey = (items: readonly string[]): string => (items.length === 0 ? '' : JSON.stringify(sorted(items)));

function scopeKey(scope: ResourceScope | null): string {
  if (scope === null) return '';
  return JSON.stringify(sorted(Object.keys(scope)).map((resource) => [resource, sorted(scope[resource] ?? [])]));
}

function roleDigest(role: RoleFacts): string {
  const flags = [role.protected, role.uniquePerOrganization, role.ownerOnly, role.readOnly, role.includesSubOrganizations].map(Number).join('');
  const grants = sorted(role.grants.map((grant: Grant) => JSON.stringify([grant.permission, grant.condition ?? null])));
  const hash = new Hash64().add(role.id).add(role.key).add(flags);
  for (const grant of grants) hash.add(grant);
  return hash.digest();
}

/** Roles are shared by many holders: each one is digested once per fingerprint. */
type RoleDigests = WeakMap<RoleFacts, string>;

function membershipKey(membership: MembershipFacts, roles: RoleDigests): string {
  let role = roles.get(membership.role);
  if (role === undefined) roles.set(membership.role, (role = roleDigest(membership.role)));
  const end = membership.expiresAt;
  return JSON.stringify([
    membership.organizationId,
    membership.isOwner,
    role,
    listKey(membership.disabledRights),
    scopeKey(membership.scope),
    end === undefined || end === null ? null : instantOf(end),
  ]);
}

/** One holder's facts as a digest: memberships (their roles' grants included), the tree below them and disabled organisations. */
export function factsDigest(facts: ActorFacts, roles: RoleDigests = new WeakMap()): string {
  const hash = new Hash64().add(facts.userId);
  const memberships = facts.memberships.map((membership) => membershipKey(membership, roles));
  hash.add(String(memberships.length));
  for (const key of memberships.length > 1 ? memberships.sort() : memberships) hash.add(key);
  for (const organizationId of sorted(new Set(facts.memberships.filter((m) => m.role.includesSubOrganizations).map((m) => m.organizationId)))) {
    hash.add(organizationId).add(listKey(facts.descendants.get(organizationId) ?? []));
  }
  return hash.add(listKey([...(facts.disabledOrganizations ?? [])])).digest();
}

/** The fingerprint of a set of holders' facts, in any order. */
export function fingerprintOf(holders: readonly ActorFacts[]): string {
  const roles: RoleDigests = new WeakMap();
  const digests = holders.map((facts) => factsDigest(facts, roles)).sort();
  const hash = new Hash64().add(String(digests.length));
  for (const digest of digests) hash.add(digest);
  return hash.digest();
}
