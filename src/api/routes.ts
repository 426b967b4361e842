// Every REST route of <mount>/api/v1, gathered from the concept folders that define them.
import { accountRoutes } from '../account/routes.ts';
import { apiKeyRoutes } from '../api-keys/routes.ts';
import { auditRoutes } from '../audit/routes.ts';
import { authRoutes } from '../auth/routes.ts';
import type { GatehouseContext } from '../context.ts';
import { emailChangeRoutes } from '../email-changes/routes.ts';
import type { AnyRoute } from '../http/route.ts';
import { impersonationRoutes } from '../impersonation/routes.ts';
import { invitationRoutes } from '../invitations/routes.ts';
import { organizationRoutes } from '../organizations/routes.ts';
import { passkeyRoutes } from '../passkeys/routes.ts';
import { passwordResetRoutes } from '../password-resets/routes.ts';
import { policyRoutes } from '../policies/routes.ts';
import { roleRoutes } from '../roles/routes.ts';
import { userRoutes } from '../users/routes.ts';

export function allRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    ...authRoutes(ctx),
    ...passkeyRoutes(ctx),
    ...accountRoutes(ctx),
    ...apiKeyRoutes(ctx),
    ...userRoutes(ctx),
    ...impersonationRoutes(ctx),
    ...invitationRoutes(ctx),
    ...passwordResetRoutes(ctx),
    ...emailChangeRoutes(ctx),
    ...organizationRoutes(ctx),
    ...auditRoutes(ctx),
    ...roleRoutes(ctx),
    ...policyRoutes(ctx),
  ];
}
