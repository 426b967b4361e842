// What a host passes to createGatehouse, and the defaults that make the demo work with none of it.
import type { GatehousePrisma } from '../db/client.ts';
import type { Catalog } from '../engine/types.ts';
import type { PermissionOf } from '../engine/catalog.ts';
import type { ActionDefinition } from '../extensions/define-action.ts';
import type { Preset } from '../presets/types.ts';

export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  readonly requireUpper: boolean;
  readonly requireLower: boolean;
  readonly requireDigit: boolean;
  readonly requireSymbol: boolean;
  /** A new password must differ from this many previous ones (R-PWD-1). */
  readonly historySize: number;
}

/**
 * The host's password policy. Given at all, it replaces the preset's (R-PWD-1); what it leaves out
 * is Gatehouse's default. `onBehalf` is the policy of a password an administrator sets for someone
 * else ("set password"); what it leaves out is the main policy.
 */
export interface PasswordPolicyOptions extends Partial<PasswordPolicy> {
  readonly onBehalf?: Partial<Omit<PasswordPolicy, 'historySize'>>;
}

export interface GatehouseOptions<C extends Catalog = Catalog> {
  /**
   * `file:./data/gatehouse.db` (default) or `postgres://…`. With `prisma` it only tells where to
   * apply Gatehouse's migrations.
   */
  readonly databaseUrl?: string;
  /**
   * The host's own PrismaClient, generated from a multi-file schema that includes Gatehouse's
   * models (prisma/gatehouse.prisma). Its type is the host's, so it is taken structurally.
   */
  readonly prisma?: HostPrismaClient;
  /**
   * The host's own Prisma models to show in the panel (needs `prisma`, the host's client). A model
   * with an `organizationId` field is scoped by organisation like Gatehouse's own records.
   */
  readonly resources?: readonly HostResource[];
  /**
   * The longest a request waits for the database, in ms (default 10 000): connecting and each
   * query on PostgreSQL, a locked file on SQLite. Past it the request answers 503 problem+json.
   * Applies to the client Gatehouse opens from `databaseUrl`, not to a host's own `prisma`.
   */
  readonly databaseTimeoutMs?: number;
  /** Apply Gatehouse's pending migrations at start-up (default true; needs `databaseUrl` when `prisma` is given). */
  readonly migrate?: boolean;
  /** Role preset: 'seed000' … 'seed004' (default 'seed002'), or a preset object. */
  readonly preset?: Preset['id'] | Preset;
  /** The host's own permission keys, added to the preset's catalog. */
  readonly permissions?: C;
  /**
   * The host's defined actions (defineAction), known from the start; their permissions join the
   * catalog when not declared in `permissions`. gatehouse.defineAction may add more before the
   * first request.
   */
  readonly actions?: readonly ActionDefinition<PermissionOf<C> | (string & {})>[];
  /** Signs session cookies and derives the key that encrypts TOTP secrets unless `encryptionKey` is set. */
  readonly secret: string;
  /** 32 bytes, hex or base64: encrypts TOTP secrets at rest (R-MFA-1). */
  readonly encryptionKey?: string;
  /** Where the host mounts the router; AdminJS needs it to build its links. Default '/admin'. */
  readonly mountPath?: string;
  /** Public base URL of the host, for links in e-mails. Default http://localhost:3000. */
  readonly publicUrl?: string;
  readonly productName?: string;
  readonly mail?: {
    /** smtp://… sends for real; without it every message goes to `onMessage` only. */
    readonly smtpUrl?: string;
    readonly from?: string;
    /**
     * Receives each message in clear, once (the demo prints codes and links). Without SMTP it is the
     * transport: a throw counts as a failed attempt. The outbox table keeps messages redacted only.
     */
    readonly onMessage?: (message: { id: string; to: string; subject: string; text: string; kind: string; tokenId: string | null }) => void | Promise<void>;
    /** SMTP connection, greeting and socket timeout in ms (default 10 000). */
    readonly timeoutMs?: number;
    /** Failed sends are retried with backoff by every running instance, once each (defaults: 5 attempts, 30 s doubling, looked for every 15 s). */
    readonly retry?: { readonly maxAttempts?: number; readonly firstDelayMs?: number; readonly everyMs?: number };
  };
  readonly session?: {
    readonly cookieName?: string;
    readonly idleMinutes?: number;
    readonly absoluteHours?: number;
    /** Secure cookies; default true when NODE_ENV is production. */
    readonly secureCookies?: boolean;
  };
  readonly lockout?: { readonly maxAttempts?: number; readonly lockMinutes?: number };
  readonly passwordPolicy?: PasswordPolicyOptions;
  /** argon2id cost; the default is OWASP's (19 MiB, 2 passes). Tests lower it. */
  readonly passwordHashing?: { readonly memoryKiB?: number; readonly passes?: number };
  readonly invitationTtlHours?: number;
  readonly resetTtlHours?: number;
  /** How long the confirmation link of an e-mail change works (R-EMAIL-2); default 24 hours. */
  readonly emailChangeTtlHours?: number;
  /**
   * Access that expires (R-EXP-1, R-EXP-2). `noticeDays` (default 3, 0 for no notice): how many days
   * before a membership's end its organisation's notification address is told, once per end.
   * `sweepMinutes` (default 5): how often each instance looks for ends to tell and to record in the
   * audit trail. The end itself needs no sweep: it is judged from the clock at every request.
   */
  readonly accessExpiry?: { readonly noticeDays?: number; readonly sweepMinutes?: number };
  /** Support's "sign in as this user" (R-IMP-1): how long it lasts before the session returns to the impersonator. Default 30 minutes. */
  readonly impersonation?: { readonly maxMinutes?: number };
  /**
   * Failed sign-in attempts (password or second-factor code) allowed per client IP and per account
   * within the window before 429; `false` turns the limiter off. Defaults: 50 per IP, 20 per account,
   * 15 minutes. Counted where `rateLimit` says, so every instance counts against the same limits.
   */
  /** Who may change a user's e-mail address; overrides the preset's choice (R-EMAIL-1). */
  readonly emailChangeableBy?: 'nobody' | 'administrators';
  readonly signInRateLimit?: false | { readonly perIp?: number; readonly perAccount?: number; readonly windowMinutes?: number };
  /**
   * Where rate-limit counters live: in Gatehouse's database by default (shared by every instance on
   * it), or in Redis when `redisUrl` (redis://…) is given. `redisPrefix` (default `gatehouse:rl:`)
   * keeps several deployments on one Redis apart.
   */
  readonly rateLimit?: { readonly redisUrl?: string; readonly redisPrefix?: string };
  /** For tests and benchmarks: the time Gatehouse believes it is. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

export interface HostResource {
  /** The Prisma model name, e.g. `Invoice`. */
  readonly model: string;
  readonly label?: string;
  /** The permission that lets a user list and show it (default `<model>.view`, lower-cased model). */
  readonly viewPermission?: string;
}

/** Any PrismaClient generated from a schema that contains Gatehouse's models. */
export interface HostPrismaClient {
  $transaction(...args: never[]): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}
