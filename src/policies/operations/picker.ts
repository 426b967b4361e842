// What the permission picker of the panel needs: the catalog in words, grouped, the 100-grant limit,
// and per organisation the permissions the engine would refuse to put in a policy there (R-ESC-1),
// so that nobody builds a policy they cannot save.
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import { MAX_GRANTS_PER_POLICY } from '../../permissions/grants.ts';
import { reservedReason } from '../../permissions/reserved-refusal.ts';

export interface PickerPermission {
  readonly key: string;
  readonly label: string;
  readonly group: string;
}

function catalogForPicker(ctx: GatehouseContext): PickerPermission[] {
  return Object.entries(ctx.catalog)
    .map(([key, spec]) => ({ key, label: spec.label, group: spec.group }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.key.localeCompare(b.key));
}

function refusedByOrganization(ctx: GatehouseContext, who: Principal, organizationIds: readonly string[]): Record<string, Record<string, string>> {
  const refused: Record<string, Record<string, string>> = {};
  for (const organizationId of organizationIds) {
    const here: Record<string, string> = {};
    for (const key of Object.keys(ctx.catalog)) {
      const decision = ctx.engine.decide(who.actor, 'policy.manage', { kind: 'policy', policyId: '', organizationId, change: { grants: [{ permission: key }] } });
      const reserved = reservedReason(ctx, key);
      if (!decision.allowed) here[key] = decision.reason;
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
