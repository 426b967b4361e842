// The policies a custom role of one organisation may carry: the preset's shared policies and the
// organisation's own. Another organisation's policy is reported as unknown, like a missing one,
// so that its existence is not revealed (R-TENANT-1).
import type { Prisma } from '../db/client.ts';
import type { Grant } from '../engine/types.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { grantsFromRows } from '../permissions/grants.ts';

export interface AttachablePolicy {
  readonly id: string;
  readonly name: string;
  readonly grants: Grant[];
}

export async function loadAttachablePolicies(
  db: Pick<Prisma.TransactionClient, 'permissionPolicy'>,
  organizationId: string,
  policyIds: readonly string[],
): Promise<AttachablePolicy[]> {
  const ids = [...new Set(policyIds)];
  const rows = await db.permissionPolicy.findMany({
    where: { id: { in: ids }, OR: [{ organizationId: null }, { organizationId }] },
    include: { grants: true },
  });
  const found = new Set(rows.map((row) => row.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    throw new GatehouseError('INVALID_INPUT', `No such policy in this organisation: ${unknown.join(', ')}`, { unknownPolicies: unknown });
  }
  return rows.map((row) => ({ id: row.id, name: row.name, grants: grantsFromRows(row.grants) }));
}

/** A policy deleted between the check above and the role's write: the foreign key refuses it. */
export const policyGone = (): GatehouseError => new GatehouseError('STATE_CHANGED', 'A chosen policy was deleted meanwhile; try again');
