// Reads what the engine needs about a user from the database. The engine itself never does I/O.
// Four prepared reads (src/reads/): the memberships with their roles, the grants of those roles'
// policies, the organisations reached below the memberships whose role includes
// sub-organisations (one recursive query, however deep the tree), and the disabled organisations. Stored grants become engine
// grants only through grant-codec.ts, which fails closed on a condition it does not know.
import type { GatehousePrisma } from '../db/client.ts';
import type { ActorFacts, MembershipFacts, PolicyFacts, ResourceScope } from '../engine/types.ts';
import { boolColumn, dateColumn, nullableTextColumn, textColumn } from '../reads/columns.ts';
import { prismaReads } from '../reads/prisma-reads.ts';
import { defineRead, type ReadConnection } from '../reads/read-connection.ts';
import { grantsFromRows, type StoredRoleGrants, storedRoleGrants } from './grant-codec.ts';
import { parseScope, parseStringList } from './json-columns.ts';

const readMemberships = defineRead(
  'actor_memberships',
  (d) => `SELECT m."organizationId", m."isOwner", m."disabledRights", m."scope", m."expiresAt", r."id" AS "roleId", r."key" AS "roleKey", r."protected",
      r."uniquePerOrganization", r."ownerOnly", r."readOnly", r."includesSubOrganizations", r."legacyPermissions"
    FROM ${d.table('Membership')} m JOIN ${d.table('Role')} r ON r."id" = m."roleId"
    WHERE m."userId" = ${d.param(1)} ORDER BY m."organizationId"`,
);

const readGrants = defineRead(
  'actor_grants',
  (d) => `SELECT rp."roleId", rp."policyId", g."permission", g."condition"
    FROM ${d.table('RolePolicy')} rp LEFT JOIN ${d.table('PolicyGrant')} g ON g."policyId" = rp."policyId"
    WHERE rp."roleId" IN (SELECT "roleId" FROM ${d.table('Membership')} WHERE "userId" = ${d.param(1)})
    ORDER BY rp."roleId", rp."policyId", g."permission"`,
);

/** The names of the policies the user's roles carry: read only when the caller wants provenance (explanations, previews). */
const readPolicyNames = defineRead(
  'actor_policy_names',
  (d) => `SELECT p."id", p."name" FROM ${d.table('PermissionPolicy')} p
    WHERE p."id" IN (SELECT rp."policyId" FROM ${d.table('RolePolicy')} rp WHERE rp."roleId" IN (SELECT "roleId" FROM ${d.table('Membership')} WHERE "userId" = ${d.param(1)}))`,
);

/** (root, descendant) for every organisation below a membership whose role reaches sub-organisations. */
const readDescendants = defineRead(
  'actor_descendants',
  (d) => `WITH RECURSIVE "reach"("root", "id") AS (
      SELECT m."organizationId", o."id"
        FROM ${d.table('Membership')} m
        JOIN ${d.table('Role')} r ON r."id" = m."roleId"
        JOIN ${d.table('Organization')} o ON o."parentId" = m."organizationId"
        WHERE m."userId" = ${d.param(1)} AND r."includesSubOrganizations" = ${d.provider === 'postgresql' ? 'true' : '1'}
      UNION
      SELECT "reach"."root", o."id" FROM "reach" JOIN ${d.table('Organization')} o ON o."parentId" = "reach"."id"
    )
    SELECT "root", "id" FROM "reach" WHERE "id" <> "root" ORDER BY "root", "id"`,
);

/**
 * R-ORG-1: every disabled organisation and every one below it. Usually none; the engine settles what
 * they mean for each membership, and the cache entry is invalidated when an organisation's state changes.
 */
const readDisabledOrganizations = defineRead(
  'actor_disabled_organizations',
  (d) => `WITH RECURSIVE "off"("id") AS (
      SELECT "id" FROM ${d.table('Organization')} WHERE "status" = 'DISABLED'
      UNION
      SELECT o."id" FROM ${d.table('Organization')} o JOIN "off" ON o."parentId" = "off"."id"
    )
    SELECT "id" FROM "off" ORDER BY "id"`,
);

function providerOf(prisma: GatehousePrisma): 'sqlite' | 'postgresql' {
  return (prisma as unknown as { _engineConfig?: { activeProvider?: string } })._engineConfig?.activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
}

function isReadConnection(source: GatehousePrisma | ReadConnection): source is ReadConnection {
  return typeof (source as Partial<ReadConnection>).all === 'function' && (source as Partial<ReadConnection>).executed instanceof Map;
}

/** Role id → the role's policies with their grant rows, as grant-codec reads a stored role. */
type StoredPolicy = StoredRoleGrants['policies'][number] & { readonly id: string };

async function policiesByRole(reads: ReadConnection, userId: string): Promise<Map<string, StoredPolicy[]>> {
  const byRole = new Map<string, Map<string, { permission: string; condition: string | null }[]>>();
  for (const row of await reads.all(readGrants, [userId])) {
    const roleId = textColumn(row.roleId);
    const policyId = textColumn(row.policyId);
    let policies = byRole.get(roleId);
    if (!policies) byRole.set(roleId, (policies = new Map()));
    let grants = policies.get(policyId);
    if (!grants) policies.set(policyId, (grants = []));
    // A policy without grants still counts as one of the role's policies (the LEFT JOIN's NULL row).
    if (row.permission !== null && row.permission !== undefined) grants.push({ permission: textColumn(row.permission), condition: nullableTextColumn(row.condition) });
  }
  const result = new Map<string, StoredPolicy[]>();
  for (const [roleId, policies] of byRole) result.set(roleId, [...policies].map(([id, grants]) => ({ id, policy: { grants } })));
  return result;
}

async function descendantsOf(reads: ReadConnection, userId: string): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const row of await reads.all(readDescendants, [userId])) {
    const root = textColumn(row.root);
    let found = result.get(root);
    if (!found) result.set(root, (found = []));
    found.push(textColumn(row.id));
  }
  return result;
}

/** A role's policies as the engine's provenance: which policy gives which grants (legacy roles carry none). */
function provenanceOf(legacy: boolean, policies: readonly StoredPolicy[], names: ReadonlyMap<string, string>): PolicyFacts[] {
  return legacy ? [] : policies.map((stored) => ({ id: stored.id, name: names.get(stored.id) ?? '', grants: grantsFromRows(stored.policy.grants) }));
}

export interface LoadOptions {
  /** Fill each role's `policies` (with their names): for explanations and impact previews, never the request path. */
  readonly provenance?: boolean;
}

/** `source`: Gatehouse's read connection, or a Prisma client (the same statements through it). */
export async function loadActorFacts(source: GatehousePrisma | ReadConnection, userId: string, options: LoadOptions = {}): Promise<ActorFacts> {
  const reads = isReadConnection(source) ? source : prismaReads(source, providerOf(source));
  const rows = await reads.all(readMemberships, [userId]);
  const policies = rows.length > 0 ? await policiesByRole(reads, userId) : new Map<string, StoredPolicy[]>();
  const names = options.provenance && rows.length > 0 ? new Map((await reads.all(readPolicyNames, [userId])).map((row) => [textColumn(row.id), textColumn(row.name)])) : null;
  const memberships: MembershipFacts[] = rows.map((row) => {
    const roleId = textColumn(row.roleId);
    return {
      organizationId: textColumn(row.organizationId),
      isOwner: boolColumn(row.isOwner),
      disabledRights: parseStringList(nullableTextColumn(row.disabledRights)),
      scope: parseScope(nullableTextColumn(row.scope)) as ResourceScope | null,
      // R-EXP-1: the engine sets an ended membership aside against the clock it is compiled with.
      expiresAt: dateColumn(row.expiresAt),
      role: {
        id: roleId,
        key: textColumn(row.roleKey),
        protected: boolColumn(row.protected),
        uniquePerOrganization: boolColumn(row.uniquePerOrganization),
        ownerOnly: boolColumn(row.ownerOnly),
        readOnly: boolColumn(row.readOnly),
        includesSubOrganizations: boolColumn(row.includesSubOrganizations),
        grants: storedRoleGrants({ legacyPermissions: nullableTextColumn(row.legacyPermissions), policies: policies.get(roleId) ?? [] }),
        ...(names ? { policies: provenanceOf(nullableTextColumn(row.legacyPermissions) !== null, policies.get(roleId) ?? [], names) } : {}),
      },
    };
  });
  const reachesDown = memberships.some((membership) => membership.role.includesSubOrganizations);
  const descendants = reachesDown ? await descendantsOf(reads, userId) : new Map<string, string[]>();
  if (memberships.length === 0) return { userId, memberships, descendants };
  const disabledOrganizations = (await reads.all(readDisabledOrganizations, [])).map((row) => textColumn(row.id));
  return { userId, memberships, descendants, ...(disabledOrganizations.length > 0 ? { disabledOrganizations } : {}) };
}
