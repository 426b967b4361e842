import { resourceOf } from './catalog.ts';
import { selfServiceActions, TRANSFER_OWNERSHIP } from './actions.ts';
import type { Actor, Catalog, HeldPermission, OrganizationAccess } from './types.ts';

/**
 * How one model expresses the engine's conditions in its query language (a Prisma `where`, for
 * instance). The engine stays database-agnostic: it only combines what the mapping builds.
 */
export interface WhereMapping<W> {
  /** Rows of those organisations. For models with built-in rows (organisationId null), include them here. */
  tenant(organizationIds: string[]): W;
  /** Rows the user owns (for the user model: the user's own row). Without it, `own` grants match nothing. */
  own?(userId: string): W;
  /** Rows with those ids. Without it, `scoped` grants match nothing. */
  ids?(ids: string[]): W;
  /** The actor's own row, for self-service actions (R-SELF-2) on the user model. */
  self?(userId: string): W;
  and(parts: W[]): W;
  /** The scope key of this model's rows; defaults to the action's resource (`product.manage` → `product`). */
  resource?: string;
}

function scopedIds(held: HeldPermission, access: OrganizationAccess, resource: string): string[] {
  if (held.scopeIds !== undefined) return [...(held.scopeIds.get(resource) ?? [])];
  const scope = access.scope;
  return scope !== null && Object.hasOwn(scope, resource) ? [...(scope[resource] ?? [])] : [];
}

/**
 * The rows on which `decide` would allow `action`, as one filter, so that a list never loads what
 * the actor may not see and the panel and the REST API filter alike. Guards that depend on the
 * target row's flags or on a change (R-SELF-1, R-OWNER-1, R-LAST-1, R-PROT-1, R-ESC-1, R-UNIQ-1)
 * cannot be expressed here: a mutation on a listed row is still decided row by row.
 * Nothing allowed gives `{ OR: [] }`, which Prisma reads as "match nothing".
 */
export function accessibleWhere<W>(actor: Actor, action: string, mapping: WhereMapping<W>, catalog: Catalog): { OR: W[] } {
  const clauses: W[] = [];
  const spec = catalog[action];
  if (spec === undefined || typeof spec.mutates !== 'boolean') return { OR: clauses };
  const resource = mapping.resource ?? resourceOf(action);
  const everywhere: string[] = [];

  for (const [organizationId, access] of actor.organizations) {
    if (action === TRANSFER_OWNERSHIP) {
      // R-OWNER-2: ownership, not a permission, decides; R-ORG-1: not in a disabled organisation.
      if (access.isOwner && access.disabled !== true) everywhere.push(organizationId);
      continue;
    }
    if (spec.mutates && access.readOnly) continue;
    const held = access.held.get(action);
    if (held === undefined) continue;
    if (held.unconditional) {
      everywhere.push(organizationId);
      continue;
    }
    if (held.own && mapping.own !== undefined) {
      clauses.push(mapping.and([mapping.tenant([organizationId]), mapping.own(actor.userId)]));
    }
    if (held.scoped && mapping.ids !== undefined) {
      const ids = scopedIds(held, access, resource);
      if (ids.length > 0) clauses.push(mapping.and([mapping.tenant([organizationId]), mapping.ids(ids)]));
    }
  }
  if (everywhere.length > 0) clauses.unshift(mapping.tenant(everywhere));
  if (selfServiceActions.has(action) && mapping.self !== undefined) clauses.push(mapping.self(actor.userId));
  return { OR: clauses };
}
