// The password-reset e-mail. The link carries the raw token; only the mail transport ever sees it.
import type { GatehouseConfig } from '../config/resolve.ts';
import type { OutgoingMessage } from '../mail/mailer.ts';

/** Where the reset page lives under the mount path (the panel serves it; the API takes POST /api/v1/password-resets/complete). */
export const RESET_PASSWORD_PATH = '/reset-password';

export function resetPasswordLink(config: Pick<GatehouseConfig, 'publicUrl' | 'mountPath'>, token: string): string {
  return `${config.publicUrl}${config.mountPath}${RESET_PASSWORD_PATH}?token=${encodeURIComponent(token)}`;
}

export function passwordResetMessage(config: GatehouseConfig, input: { to: string; token: string; tokenId: string }): OutgoingMessage {
  const hours = Math.round(config.resetTtlMs / 3_600_000);
  return {
    to: input.to,
    kind: 'password-reset',
    secrets: [input.token],
    tokenId: input.tokenId,
    subject: `${config.productName}: reset your password`,
    text: `Choose a new password here (valid ${hours} hours, once):\n${resetPasswordLink(config, input.token)}\n\nIf you did not ask for this, ignore this mail.\n`,
  };
}
