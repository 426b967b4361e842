// Every message Gatehouse sends is first written to the outbox table, inside the transaction that
// caused it (so a rolled-back invitation sends nothing), then delivered after commit. The row keeps
// the message redacted (R-OUTBOX-1); its clear text exists only sealed with the encryption key, for
// as long as delivery may still need it, and goes to the transport alone: SMTP when configured,
// otherwise the host's onMessage hook (the demo prints it; tests capture it).
//
// Delivery does not get lost (R-MAIL-1): an attempt that fails is tried again later with backoff,
// by whichever instance runs the retry loop first, and the message is marked FAILED after the last
// attempt. Each attempt starts with a claim, a conditional update that only one instance can win,
// so a message is handed to the transport once per attempt across all instances. (An instance
// killed between the transport's "accepted" and the SENT mark leaves a claim that expires, and the
// message is sent again: at least once, never lost.)
import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { openSecret, sealSecret } from '../auth/secret-box.ts';
import type { Logger } from '../config/options.ts';
import { Prisma } from '../../generated/sqlite/index.js';
import { sqlTable } from '../auth/sql-tables.ts';
import type { GatehousePrisma } from '../db/client.ts';
import { defineRead, type ReadConnection } from '../reads/read-connection.ts';
import { redact } from './redact.ts';

export type MessageKind =
  | 'invitation'
  | 'password-reset'
  | 'sign-in-code'
  | 'set-password'
  | 'mfa-enrolment'
  | 'email-change'
  | 'email-change-notice'
  | 'organization-notice';

export interface OutgoingMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: MessageKind;
  /** Every token and code the subject and text carry: the outbox stores them redacted. */
  readonly secrets: readonly string[];
  /** The invitation, password-reset token or e-mail challenge the secret belongs to. */
  readonly tokenId: string | null;
}

/** What the transport receives: the clear message. */
export interface DeliveredMessage {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly kind: string;
  readonly tokenId: string | null;
}

type OutboxWriter = { outboxMessage: { create(args: { data: Prisma.OutboxMessageCreateInput }): Promise<{ id: string }> } };

export interface RetrySettings {
  /** Attempts in all, the first included (default 5). */
  readonly maxAttempts: number;
  /** Wait after the first failure; doubled after each next one, at most an hour (default 30 s). */
  readonly firstDelayMs: number;
  /** How often each instance looks for messages due again; 0: never by itself (default 15 s). */
  readonly everyMs: number;
}

export interface MailerOptions {
  readonly smtpUrl?: string | undefined;
  readonly from?: string | undefined;
  readonly onMessage?: ((message: DeliveredMessage) => void | Promise<void>) | undefined;
  /** Seals the clear text at rest (the configuration's encryptionKey). */
  readonly encryptionKey: Buffer;
  readonly now: () => Date;
  /** For the raw claim statement's table name. */
  readonly provider: 'sqlite' | 'postgresql';
  /** SMTP connection, greeting and socket timeout (default 10 s). */
  readonly timeoutMs?: number | undefined;
  readonly retry?: Partial<RetrySettings> | undefined;
  readonly logger: Logger;
  /** Where the retry loop first asks whether anything is pending at all (src/reads/). */
  readonly reads: Pick<ReadConnection, 'first'>;
}

/**
 * Any message still pending, due or not: the loop's Prisma query (and Prisma's query compiler, tens
 * of MiB once loaded) waits for one, instead of running every 15 s on an empty outbox.
 */
const readAnyPending = defineRead('outbox_any_pending', (d) => `SELECT 1 AS "pending" FROM ${d.table('OutboxMessage')} WHERE "status" = 'PENDING' LIMIT 1`);

const MAX_BACKOFF_MS = 3_600_000;
const DUE_BATCH = 20;

const sealedFor = (id: string) => `outbox:${id}`;

export class Mailer {
  /** SMTP, loaded with the first message it carries: nodemailer is not imported by an app that sends none. */
  #transport: Promise<Transporter> | null = null;
  readonly #from: string;
  readonly #retry: RetrySettings;
  readonly #leaseMs: number;
  readonly #timeoutMs: number;
  readonly #table: Prisma.Sql;
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<number> | null = null;

  constructor(
    private readonly prisma: GatehousePrisma,
    private readonly options: MailerOptions,
  ) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.#timeoutMs = timeoutMs;
    this.#from = options.from ?? 'Gatehouse <no-reply@gatehouse.invalid>';
    this.#retry = { maxAttempts: 5, firstDelayMs: 30_000, everyMs: 15_000, ...options.retry };
    // Longer than any one attempt can take, so that a live claim is never taken over.
    this.#leaseMs = 3 * timeoutMs + 5_000;
    this.#table = sqlTable({ prisma, provider: options.provider }, 'OutboxMessage');
  }

  /** Writes the message, redacted and sealed, with the caller's transaction; returns its id for `deliver`. */
  async enqueue(db: OutboxWriter, message: OutgoingMessage): Promise<string> {
    const id = randomUUID();
    const clear = JSON.stringify({ subject: message.subject, text: message.text });
    await db.outboxMessage.create({
      data: {
        id,
        to: message.to,
        kind: message.kind,
        subject: redact(message.subject, message.secrets),
        text: redact(message.text, message.secrets),
        tokenId: message.tokenId,
        sealed: sealSecret(this.options.encryptionKey, clear, sealedFor(id)),
        nextAttemptAt: this.options.now(),
      },
    });
    return id;
  }

  /** After commit: one attempt at each message. Never throws: what fails is retried later. */
  async deliver(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.#attempt(id);
      } catch (error) {
        this.options.logger.error(`mail ${id}: delivery will be retried`, error);
      }
    }
  }

  /** enqueue + deliver, for messages that are not part of a larger transaction. */
  async send(message: OutgoingMessage): Promise<void> {
    await this.deliver([await this.enqueue(this.prisma, message)]);
  }

  /** The loop's pass: retryDue, when the read connection finds any message pending. */
  async retryIfPending(): Promise<number> {
    return (await this.options.reads.first(readAnyPending, [])) ? this.retryDue() : 0;
  }

  /** One pass of the retry loop: attempts every message that is due; returns how many were sent. */
  async retryDue(): Promise<number> {
    const now = this.options.now();
    const due = await this.prisma.outboxMessage.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: 'asc' },
      take: DUE_BATCH,
      select: { id: true },
    });
    let sent = 0;
    for (const { id } of due) if (await this.#attempt(id)) sent += 1;
    return sent;
  }

  /** Runs the retry loop every `retry.everyMs` on this instance (every instance may run one). */
  start(): void {
    if (this.#timer || this.#retry.everyMs <= 0) return;
    this.#timer = setInterval(() => {
      this.#sweeping ??= this.retryIfPending()
        .catch((error: unknown) => {
          this.options.logger.warn(`mail retry: ${error instanceof Error ? error.message : String(error)}`);
          return 0;
        })
        .finally(() => (this.#sweeping = null));
    }, this.#retry.everyMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
    (await this.#transport?.catch(() => null))?.close();
  }

  #smtp(url: string): Promise<Transporter> {
    const timeoutMs = this.#timeoutMs;
    this.#transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }),
    );
    return this.#transport;
  }

  /** Claims the message, hands it to the transport and records the outcome; false when not sent. */
  async #attempt(id: string): Promise<boolean> {
    const now = this.options.now();
    // One UPDATE, so that of the instances claiming at once exactly one changes the row.
    const claimed = await this.prisma.$executeRaw(
      Prisma.sql`UPDATE ${this.#table} SET "claimedUntil" = ${new Date(now.getTime() + this.#leaseMs)}, "attempts" = "attempts" + 1
        WHERE "id" = ${id} AND "status" = 'PENDING' AND "nextAttemptAt" <= ${now} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now})`,
    );
    if (claimed !== 1) return false;
    const row = await this.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    const opened = row.sealed ? openSecret(this.options.encryptionKey, row.sealed, sealedFor(id)) : null;
    if (opened === null) {
      await this.#giveUp(id, 'the clear text cannot be opened with the encryption key');
      return false;
    }
    const clear = JSON.parse(opened) as { subject: string; text: string };
    const message: DeliveredMessage = { id, to: row.to, subject: clear.subject, text: clear.text, kind: row.kind, tokenId: row.tokenId };
    try {
      await this.#handOver(message, row.attempts === 1);
    } catch (error) {
      await this.#failed(id, row.attempts, error);
      return false;
    }
    await this.prisma.outboxMessage.updateMany({ where: { id }, data: { status: 'SENT', sentAt: this.options.now(), sealed: null, claimedUntil: null, error: null } });
    return true;
  }

  /**
   * SMTP when configured, and onMessage once, at the first attempt (its errors only logged). Without
   * SMTP, onMessage is the transport: what it throws is a failed attempt.
   */
  async #handOver(message: DeliveredMessage, firstAttempt: boolean): Promise<void> {
    const hook = this.options.onMessage;
    const { smtpUrl } = this.options;
    if (!smtpUrl) {
      await hook?.(message);
      return;
    }
    if (hook && firstAttempt) {
      try {
        await hook(message);
      } catch (error) {
        this.options.logger.error('mail onMessage hook failed', error);
      }
    }
    await (await this.#smtp(smtpUrl)).sendMail({ from: this.#from, to: message.to, subject: message.subject, text: message.text });
  }

  async #failed(id: string, attempts: number, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    if (attempts >= this.#retry.maxAttempts) return this.#giveUp(id, reason);
    const delay = Math.min(this.#retry.firstDelayMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    await this.prisma.outboxMessage.updateMany({
      where: { id },
      data: { claimedUntil: null, nextAttemptAt: new Date(this.options.now().getTime() + delay), error: reason.slice(0, 500) },
    });
    this.options.logger.warn(`mail ${id}: attempt ${attempts} failed (${reason}); next in ${Math.round(delay / 1000)} s`);
  }

  /** The last attempt failed: the clear text is dropped, the redacted row stays as the record. */
  async #giveUp(id: string, reason: string): Promise<void> {
    await this.prisma.outboxMessage.updateMany({ where: { id }, data: { status: 'FAILED', sealed: null, claimedUntil: null, error: reason.slice(0, 500) } });
    this.options.logger.error(`mail ${id}: given up (${reason})`);
  }
}
