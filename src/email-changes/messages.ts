// The two mails of an e-mail change (R-EMAIL-2): the new address gets the confirmation link (the
// raw token travels only there), the old one a notice without any link, so its owner learns of the
// change and can object, but cannot complete it.
import type { GatehouseConfig } from '../config/resolve.ts';
import type { OutgoingMessage } from '../mail/mailer.ts';

/** Where the confirmation page lives under the mount path (the API takes POST /api/v1/email-change/confirm). */
export const CONFIRM_EMAIL_PATH = '/confirm-email';

export function confirmEmailLink(config: Pick<GatehouseConfig, 'publicUrl' | 'mountPath'>, token: string): string {
  return `${config.publicUrl}${config.mountPath}${CONFIRM_EMAIL_PATH}?token=${encodeURIComponent(token)}`;
}

const validFor = (config: GatehouseConfig): string => {
  const hours = Math.round(config.emailChangeTtlMs / 3_600_000);
  return hours === 1 ? '1 hour' : `${hours} hours`;
};

export function emailChangeConfirmationMessage(config: GatehouseConfig, input: { to: string; token: string; requestId: string; previousEmail: string }): OutgoingMessage {
  return {
    to: input.to,
    kind: 'email-change',
    secrets: [input.token],
    tokenId: input.requestId,
    subject: `${config.productName}: confirm your new e-mail address`,
    text: [
      `An administrator asked to change the e-mail address of your ${config.productName} account from ${input.previousEmail} to this address.`,
      '',
      `Confirm it here (valid ${validFor(config)}, once):`,
      confirmEmailLink(config, input.token),
      '',
      'Until it is confirmed, the account keeps its current address. If you did not expect this, ignore this mail.',
      '',
    ].join('\n'),
  };
}

export function emailChangeNoticeMessage(config: GatehouseConfig, input: { to: string; requestId: string; newEmail: string }): OutgoingMessage {
  return {
    to: input.to,
    kind: 'email-change-notice',
    secrets: [],
    tokenId: input.requestId,
    subject: `${config.productName}: a change of your e-mail address was requested`,
    text: [
      `An administrator asked to change the e-mail address of your ${config.productName} account to ${input.newEmail}.`,
      '',
      `A confirmation link was sent to the new address; the change takes effect only once it is confirmed there (within ${validFor(config)}).`,
      'If you did not expect this, contact your administrator.',
      '',
    ].join('\n'),
  };
}
