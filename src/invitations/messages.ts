// The invitation e-mail. The link carries the raw token; only the mail transport ever sees it.
import type { GatehouseConfig } from '../config/resolve.ts';
import type { OutgoingMessage } from '../mail/mailer.ts';

/** Where the accept page lives under the mount path (the panel serves it; the API takes POST /api/v1/invitations/accept). */
export const ACCEPT_INVITATION_PATH = '/accept-invitation';

export function acceptInvitationLink(config: Pick<GatehouseConfig, 'publicUrl' | 'mountPath'>, token: string): string {
  return `${config.publicUrl}${config.mountPath}${ACCEPT_INVITATION_PATH}?token=${encodeURIComponent(token)}`;
}

export function invitationMessage(
  config: GatehouseConfig,
  input: { to: string; token: string; invitationId: string; organizationName: string; setPassword: boolean },
): OutgoingMessage {
  const link = acceptInvitationLink(config, input.token);
  const hours = Math.round(config.invitationTtlMs / 3_600_000);
  if (input.setPassword) {
    return {
      to: input.to,
      kind: 'set-password',
      secrets: [input.token],
      tokenId: input.invitationId,
      subject: `${config.productName}: set your password`,
      text: `An account was created for you in ${input.organizationName}.\n\nSet your password here (valid ${hours} hours, once):\n${link}\n`,
    };
  }
  return {
    to: input.to,
    kind: 'invitation',
    secrets: [input.token],
    tokenId: input.invitationId,
    subject: `${config.productName}: you are invited to ${input.organizationName}`,
    text: `You are invited to join ${input.organizationName}.\n\nAccept here (valid ${hours} hours, once):\n${link}\n`,
  };
}
