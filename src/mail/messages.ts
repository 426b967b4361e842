// The texts of the messages Gatehouse sends about signing in. Plain text: they must read well in
// any mail client and in the demo's console.
import type { OutgoingMessage } from './mailer.ts';

export function signInCodeMessage(input: { to: string; challengeId: string; productName: string; code: string; validMinutes: number; purpose: 'sign-in' | 'enrol' | 'confirm' }): OutgoingMessage {
  const why = input.purpose === 'enrol' ? 'to confirm e-mail sign-in codes for your account' : input.purpose === 'confirm' ? 'to confirm handing over the ownership of your organisation' : 'to finish signing in';
  return {
    to: input.to,
    kind: 'sign-in-code',
    secrets: [input.code],
    tokenId: input.challengeId,
    subject: `${input.code} is your ${input.productName} sign-in code`,
    text: [
      `Your ${input.productName} code is: ${input.code}`,
      '',
      `Enter it ${why}. It is valid for ${input.validMinutes} minutes and can be used once.`,
      'If you did not try to sign in, change your password: someone knows it.',
    ].join('\n'),
  };
}
