import type { AnyOperation } from '../../operations/operation.ts';
import { inviteUser } from './invite.ts';
import { resendInvitation } from './resend.ts';
import { revokeInvitation } from './revoke.ts';

export const invitationOperations: readonly AnyOperation[] = [inviteUser, resendInvitation, revokeInvitation];
export { inviteUser, resendInvitation, revokeInvitation };
