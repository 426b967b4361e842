// Request shapes of the invitation routes. Unknown fields are rejected (docs/rest.md).
import { z } from 'zod';
import { emailInput, ipAllowlistInput } from '../http/inputs.ts';
import { tokenInput } from '../tokens/token.ts';
import { invitationStatuses } from './view.ts';

export { emailInput, ipAllowlistInput };

export const inviteBody = z.strictObject({
  email: emailInput,
  organizationId: z.string().min(1).max(64),
  roleId: z.string().min(1).max(128).optional().describe('Required unless the preset lets the inviter choose access rights instead (seed 003)'),
  ipAllowlist: ipAllowlistInput.optional(),
  accessRights: z.array(z.string().min(1).max(64)).max(50).optional().describe('Keys of the access rights the invitee gets (presets with inviteChoosesRights)'),
});
export type InviteInput = z.output<typeof inviteBody>;

export const invitationIdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const listQuery = z.strictObject({
  organizationId: z.string().min(1).max(64).optional(),
  status: z.enum(invitationStatuses).optional(),
  email: z.string().trim().toLowerCase().min(1).max(320).optional().describe('Partial e-mail'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListInvitationsQuery = z.output<typeof listQuery>;

const name = z.string().trim().min(1).max(100);

export const acceptBody = z.strictObject({
  token: tokenInput,
  firstName: name.optional(),
  lastName: name.optional(),
  username: z.string().trim().toLowerCase().min(3).max(64).regex(/^[a-z0-9._@-]+$/, 'Letters, digits and . _ @ - only').optional(),
  password: z.string().min(1).max(1024).optional().describe('The new password, for a new account or one created without a password'),
  currentPassword: z.string().min(1).max(1024).optional().describe('The existing account\'s password, when not signed in as that account'),
});
export type AcceptInput = z.output<typeof acceptBody>;

export const tokenBody = z.strictObject({ token: tokenInput });
