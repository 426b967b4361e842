// Stored values as staff read them: AdminJS would show the raw enums (PENDING, DENIED, BUILTIN…).
import type { MessageKind } from '../src/mail/mailer.ts';

type Words = Readonly<Record<string, string>>;

export const organizationStatusChoices: Words = { ENABLED: 'Enabled', DISABLED: 'Disabled' };
export const invitationStatusChoices: Words = { PENDING: 'Waiting for the invitee', ACCEPTED: 'Accepted', REVOKED: 'Revoked', EXPIRED: 'Expired' };
export { outcomeWords as outcomeChoices } from '../src/audit/in-words.ts';
export const roleKindChoices: Words = { BUILTIN: 'Built-in', CUSTOM: 'Custom' };
export const outboxStatusChoices: Words = { PENDING: 'Waiting to be sent', SENT: 'Sent', FAILED: 'Could not be sent' };
/** Every kind the mailer sends has its words: a new kind without them does not compile. */
export const messageKindChoices: Readonly<Record<MessageKind, string>> = {
  invitation: 'Invitation',
  'set-password': 'Set your password',
  'password-reset': 'Password reset',
  'sign-in-code': 'Sign-in code',
  'mfa-enrolment': 'Second factor set-up',
  'email-change': 'Confirm a new e-mail address',
  'email-change-notice': 'E-mail address change requested',
  'organization-notice': 'Notice to the organisation',
};

/** AdminJS's availableValues from a table of words. */
export function choices(words: Words): { value: string; label: string }[] {
  return Object.entries(words).map(([value, label]) => ({ value, label }));
}
