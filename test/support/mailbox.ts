// The tests' mail transport: a capturing onMessage hook. Gatehouse stores messages redacted
// (R-OUTBOX-1), so links and codes are read here, from what the transport received, as a person
// reads them from their mailbox.
import type { DeliveredMessage } from '../../src/mail/mailer.ts';
/** What the transport received: the clear message, as the mailer delivers it. */
export type CapturedMessage = DeliveredMessage;

export class Mailbox {
  readonly messages: CapturedMessage[] = [];

  /** Pass as `mail.onMessage`. */
  readonly capture = (message: CapturedMessage): void => {
    this.messages.push({ ...message });
  };

  /** The newest message to that address (of that kind), or null. */
  latest(to: string, kind?: string): CapturedMessage | null {
    const address = to.toLowerCase();
    for (let i = this.messages.length - 1; i >= 0; i -= 1) {
      const message = this.messages[i] as CapturedMessage;
      if (message.to === address && (kind === undefined || message.kind === kind)) return message;
    }
    return null;
  }

  /** The token of the link in the newest message to that address (of that kind). */
  token(to: string, kind?: string): string {
    const message = this.latest(to, kind);
    if (!message) throw new Error(`no mail to ${to}`);
    const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
    if (!token) throw new Error(`no link in the mail to ${to}`);
    return token;
  }

  /** The six-digit code of the newest sign-in code message to that address. */
  code(to: string): string {
    const code = /code is: (\d{6})/.exec(this.latest(to, 'sign-in-code')?.text ?? '')?.[1];
    if (!code) throw new Error(`no sign-in code mailed to ${to}`);
    return code;
  }

  /** Every token of every link received so far. */
  allTokens(): string[] {
    return this.messages.flatMap((message) => [...message.text.matchAll(/token=([A-Za-z0-9_-]+)/g)].map((match) => match[1] ?? ''));
  }
}
