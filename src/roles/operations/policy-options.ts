// The policies a role of an organisation may carry, as the panel's form offers them.
import type { Principal } from '../../authz/principal.ts';
import type { GatehouseContext } from '../../context.ts';
import type { FieldOption } from '../../operations/operation.ts';
import { listPolicies } from '../../policies/read-policies.ts';
import { reservedRefusal } from '../../permissions/reserved-refusal.ts';

export async function policyOptions(ctx: GatehouseContext, who: Principal, organizationId: string): Promise<FieldOption[]> {
  const page = await listPolicies(ctx, who, { organizationId, pageSize: 100 });
  return page.items.map((policy) => {
    // R-ROLE-2: offered, but not choosable, with the reason the save would be refused with.
    const reserved = reservedRefusal(ctx, policy.grants.map((grant) => ({ permission: grant.permission })));
    return {
      value: policy.id,
      label: `${policy.name} (${policy.grants.length} permissions)`,
      group: policy.preset ? 'Shared' : 'This organisation',
      ...(reserved ? { disabled: true, note: reserved.message } : {}),
    };
  });
}
