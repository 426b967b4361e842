// Every message Gatehouse sends is first written to the outbox table, inside the transaction that
// caused it (so a rolled-back invitation sends nothing), then delivered after commit: through SMTP
// when configured, otherwise it stays in the outbox, where the demo and the tests read it.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../config/options.ts';
import type { GatehousePrisma, Prisma } from '../db/client.ts';

export type MessageKind = 'invitation' | 'password-reset' | 'sign-in-code' | 'set-password' | 'mfa-enrolment';

export interface OutgoingMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: MessageKind;
}

type OutboxWriter = { outboxMessage: { create(args: { data: Prisma.OutboxMessageCreateInput }): Promise<{ id: string }> } };

export interface MailerOptions {
  readonly smtpUrl?: string | undefined;
  readonly from?: string | undefined;
  readonly onMessage?: ((message: OutgoingMessage) => void) | undefined;
  readonly logger: Logger;
}

export class Mailer {
  readonly #transport: Transporter | null;
  readonly #from: string;

  constructor(
    private readonly prisma: GatehousePrisma,
    private readonly options: MailerOptions,
  ) {
    this.#transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
    this.#from = options.from ?? 'Gatehouse <no-reply@gatehouse.invalid>';
  }

  /** Writes the message to the outbox with the caller's transaction; returns its id for `deliver`. */
  async enqueue(db: OutboxWriter, message: OutgoingMessage): Promise<string> {
    const row = await db.outboxMessage.create({ data: { to: message.to, subject: message.subject, text: message.text, kind: message.kind } });
    return row.id;
  }

  /** After commit: hands the messages to SMTP (if configured) and to the onMessage hook. Never throws. */
  async deliver(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const row = await this.prisma.outboxMessage.findUnique({ where: { id } });
      if (!row) continue;
      const message: OutgoingMessage = { to: row.to, subject: row.subject, text: row.text, kind: row.kind as MessageKind };
      try {
        this.options.onMessage?.(message);
      } catch (error) {
        this.options.logger.error('mail onMessage hook failed', error);
      }
      if (!this.#transport) continue;
      try {
        await this.#transport.sendMail({ from: this.#from, to: row.to, subject: row.subject, text: row.text });
        await this.prisma.outboxMessage.update({ where: { id }, data: { sentAt: new Date() } });
      } catch (error) {
        await this.prisma.outboxMessage.update({ where: { id }, data: { error: error instanceof Error ? error.message : String(error) } });
        this.options.logger.error(`could not send mail ${id}`, error);
      }
    }
  }

  /** enqueue + deliver, for messages that are not part of a larger transaction. */
  async send(message: OutgoingMessage): Promise<void> {
    await this.deliver([await this.enqueue(this.prisma, message)]);
  }
}
