// Table names for raw SQL. Prisma qualifies its own queries with the PostgreSQL schema given to
// the driver adapter (`?schema=` in the URL), but `$queryRaw` runs on the connection's search_path,
// so raw SQL must name the schema itself. The context carries no schema, so it is read once from
// the adapter factory the client was built with (PrismaPg keeps its options there); a client built
// without a schema option is queried by Prisma in `public`, which is the fallback here too.
// Raw SQL is used on hot paths because each Prisma model query is compiled by the WebAssembly query
// compiler on every call (~1.5 ms for a findUnique here) while a raw query skips most of that (~0.3 ms).
import { Prisma } from '../../generated/sqlite/index.js';
import type { GatehouseContext } from '../context.ts';

const schemaOf = new WeakMap<object, string>();

function postgresSchema(prisma: object): string {
  const cached = schemaOf.get(prisma);
  if (cached !== undefined) return cached;
  const factory = (prisma as { _engineConfig?: { adapter?: { options?: { schema?: unknown } } } })._engineConfig?.adapter;
  const configured = factory?.options?.schema;
  const schema = typeof configured === 'string' && /^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/.test(configured) ? configured : 'public';
  schemaOf.set(prisma, schema);
  return schema;
}

/** `"Table"` on SQLite, `"schema"."Table"` on PostgreSQL; `name` is a model name, never user input. */
export function sqlTable(ctx: Pick<GatehouseContext, 'prisma' | 'provider'>, name: string): Prisma.Sql {
  return ctx.provider === 'postgresql' ? Prisma.raw(`"${postgresSchema(ctx.prisma)}"."${name}"`) : Prisma.raw(`"${name}"`);
}
