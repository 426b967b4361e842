// The checks of a role change: the role itself (tenant, permission, R-PROT-1), then — when the change
// gives permissions — the same with those grants, which must lie within the actor's own (R-ESC-1).
import type { Check } from '../../authz/authorize.ts';
import type { ChangeFacts } from '../../engine/types.ts';
import { roleTarget } from '../role-record.ts';

export function roleChecks(
  action: 'role.manage' | 'role.migrate',
  role: { readonly id: string; readonly organizationId: string | null; readonly protected: boolean },
  operation: string,
  change?: ChangeFacts,
): Check[] {
  const subject = { targetType: 'role', targetId: role.id, organizationId: role.organizationId, details: { operation } };
  const checks: Check[] = [{ action, target: roleTarget(role), subject }];
  if (change) checks.push({ action, target: roleTarget(role, change), subject });
  return checks;
}
