// An invitation is acted on through its organisation: `user.invite` there decides resend and revoke.
import type { Check } from '../../authz/authorize.ts';
import type { Principal } from '../../authz/principal.ts';
import type { ChangeFacts } from '../../engine/types.ts';
import { GatehouseError } from '../../errors/gatehouse-error.ts';
import type { PanelRecordFacts } from '../../operations/operation.ts';

interface InvitationFacts {
  readonly id: string;
  readonly organizationId: string;
  readonly status: string;
}

export function invitationCheck(_who: Principal, invitation: InvitationFacts, operation: string, change?: ChangeFacts): Check {
  return {
    action: 'user.invite',
    target: { kind: 'organization', organizationId: invitation.organizationId, ...(change ? { change } : {}) },
    subject: { targetType: 'invitation', targetId: invitation.id, organizationId: invitation.organizationId, details: { operation } },
  };
}

/** Accepted and revoked invitations are closed: nothing more can be done with them. */
export function closedRefusal(invitation: InvitationFacts): GatehouseError | null {
  return invitation.status === 'ACCEPTED' || invitation.status === 'REVOKED' ? new GatehouseError('INVITATION_CLOSED') : null;
}

const statusOf = (record: PanelRecordFacts): string | undefined => (record.facts as { status?: string } | null)?.status;

export const isResendable = (record: PanelRecordFacts): boolean => statusOf(record) === 'PENDING' || statusOf(record) === 'EXPIRED';

/** Pending and not past its expiry (the panel's record shows EXPIRED rows as PENDING until they are closed). */
export const isOpen = (record: PanelRecordFacts, now: Date): boolean =>
  statusOf(record) === 'PENDING' && new Date(String(record.params.expiresAt)).getTime() > now.getTime();
