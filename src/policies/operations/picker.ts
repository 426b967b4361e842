// What the permission picker of the panel needs: the catalog in words, grouped, the 100-grant limit,
// and per organisation the permissions the engine would refuse to put in a policy there (R-ESC-1),
// so that nobody builds a policy they cannot save.
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import { permissionCatalog } from '../../permissions/catalog-view.ts';
import { MAX_GRANTS_PER_POLICY } from '../../permissions/grants.ts';
import { reservedReason } from '../../permissions/reserved-refusal.ts';

export interface PickerPermission {
  readonly key: string;
  readonly label: string;
  readonly group: string;
}

/** The catalog as the picker shows it: each permission under its section's name in words. */
function catalogForPicker(ctx: GatehouseContext): PickerPermission[] {
  return permissionCatalog(ctx.catalog)
    .groups.flatMap((group) => group.permissions.map((entry) => ({ key: entry.key, label: entry.label, group: group.label })))
    .sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label));
}

/** Why a permission cannot go into a policy here, as the picker says it beside the permission. */
const NOT_HELD = 'you do not hold it yourself, so you cannot give it';

function refusedByOrganization(ctx: GatehouseContext, who: Principal, organizationIds: readonly string[]): Record<string, Record<string, string>> {
  const refused: Record<string, Record<string, string>> = {};
  for (const organizationId of organizationIds) {
    const here: Record<string, string> = {};
    for (const key of Object.keys(ctx.catalog)) {
      const decision = ctx.engine.decide(who.actor, 'policy.manage', { kind: 'policy', policyId: '', organizationId, change: { grants: [{ permission: key }] } });
      const reserved = reservedReason(ctx, key);
      if (!decision.allowed) here[key] = NOT_HELD;
      else if (reserved !== null) here[key] = `${reserved}.`;
    }
    refused[organizationId] = here;
  }
  return refused;
}

export function pickerData(
  ctx: GatehouseContext,
  who: Principal,
  organizations: readonly { id: string; name: string }[],
  policy: { organizationId?: string | null; name: string; description: string; grants: readonly { permission: string; condition: string | null }[] },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const ids = policy.organizationId ? [policy.organizationId] : organizations.map((organization) => organization.id);
  return { permissions: catalogForPicker(ctx), limit: MAX_GRANTS_PER_POLICY, organizations, refused: refusedByOrganization(ctx, who, ids), policy, ...extra };
}
