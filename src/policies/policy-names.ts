// Policy names are unique within an organisation (case-insensitively, as people read them); the
// database's unique index on the exact name settles a race between two creations.
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

/** A conflict when another policy of the organisation has the name (case-insensitively). */
export async function policyNameTaken(db: Pick<Prisma.TransactionClient, 'permissionPolicy'>, organizationId: string, name: string, exceptId?: string): Promise<GatehouseError | null> {
  // SQLite has no case-insensitive `mode`: an organisation holds few policies, compare here.
  const rows = await db.permissionPolicy.findMany({ where: { organizationId }, select: { id: true, name: true } });
  const wanted = name.toLocaleLowerCase();
  return rows.some((row) => row.id !== exceptId && row.name.toLocaleLowerCase() === wanted)
    ? new GatehouseError('CONFLICT', `A policy named "${name}" already exists in this organisation`, { field: 'name' })
    : null;
}
