// Every operation Gatehouse itself offers. The REST API, the panel, the OpenAPI document, the
// documentation of the rules and the parity test all read this one list.
import { accountOperations } from '../account/operations/index.ts';
import { apiKeyOperations } from '../api-keys/operations/index.ts';
import { impersonationOperations } from '../impersonation/operations/index.ts';
import { invitationOperations } from '../invitations/operations/index.ts';
import { organizationOperations } from '../organizations/operations/index.ts';
import { passkeyOperations } from '../passkeys/operations/index.ts';
import { policyOperations } from '../policies/operations/index.ts';
import { roleOperations } from '../roles/operations/index.ts';
import { userOperations } from '../users/operations/index.ts';
import type { AnyOperation } from './operation.ts';

export const builtInOperations: readonly AnyOperation[] = [
  ...userOperations,
  ...impersonationOperations,
  ...invitationOperations,
  ...organizationOperations,
  ...roleOperations,
  ...policyOperations,
  ...accountOperations,
  ...passkeyOperations,
  ...apiKeyOperations,
];

/** An operation's panel placements, as a list. */
export function placementsOf(operation: AnyOperation) {
  if (!operation.panel) return [];
  return Array.isArray(operation.panel) ? operation.panel : [operation.panel as Exclude<AnyOperation['panel'], readonly unknown[] | undefined>];
}
