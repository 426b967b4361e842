// Role names are unique among an organisation's roles and the built-in ones (people pick a role by
// its name), and each role gets a stable key derived from its name, unique in the organisation.
import type { Prisma } from '../db/client.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';

type RoleDb = Pick<Prisma.TransactionClient, 'role'>;

/** A conflict when another role of the organisation, or a built-in one, has the name (case-insensitively). */
export async function nameTaken(db: RoleDb, organizationId: string, name: string, exceptId?: string): Promise<GatehouseError | null> {
  // SQLite has no case-insensitive `mode`: an organisation holds few roles, compare here.
  const rows = await db.role.findMany({ where: { OR: [{ organizationId }, { organizationId: null }] }, select: { id: true, name: true } });
  const wanted = name.toLocaleLowerCase();
  return rows.some((row) => row.id !== exceptId && row.name.toLocaleLowerCase() === wanted)
    ? new GatehouseError('CONFLICT', `A role named "${name}" already exists`, { field: 'name' })
    : null;
}

function slug(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return base.length > 0 ? base : 'role';
}

/**
 * A key free in the organisation and among built-in keys: bootstrap code finds a role by key,
 * built-in first, so a custom role must never shadow or be shadowed by one.
 */
export async function freeRoleKey(db: RoleDb, organizationId: string, name: string): Promise<string> {
  const base = slug(name);
  const taken = new Set(
    (await db.role.findMany({ where: { OR: [{ organizationId }, { organizationId: null }], key: { startsWith: base } }, select: { key: true } })).map((row) => row.key),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
