// Options with every default filled in: the rest of Gatehouse reads only this.
import { createHash } from 'node:crypto';
import type { Catalog } from '../engine/types.ts';
import type { PasswordPolicy as PresetPasswordPolicy } from '../presets/types.ts';
import type { GatehouseOptions, Logger, PasswordPolicy, PasswordPolicyOptions } from './options.ts';
import { checkOptions } from './schema.ts';

export interface GatehouseConfig {
  readonly mountPath: string;
  readonly publicUrl: string;
  readonly productName: string;
  readonly secret: string;
  readonly encryptionKey: Buffer;
  readonly session: { readonly cookieName: string; readonly idleMs: number; readonly absoluteMs: number; readonly secureCookies: boolean };
  readonly lockout: { readonly maxAttempts: number; readonly lockMs: number };
  /** For passwords users choose, and for new users. */
  readonly passwordPolicy: PasswordPolicy;
  /** For a password an administrator sets for someone else. */
  readonly passwordPolicyOnBehalf: PasswordPolicy;
  readonly passwordHashing: { readonly memoryKiB: number; readonly passes: number };
  readonly invitationTtlMs: number;
  readonly resetTtlMs: number;
  /** The confirmation link of an e-mail change (R-EMAIL-2). */
  readonly emailChangeTtlMs: number;
  /** R-EXP-2: how long before a membership's end its organisation is told, and how often the sweep looks. */
  readonly accessExpiry: { readonly noticeMs: number; readonly sweepEveryMs: number };
  /** R-IMP-1: how long one impersonation lasts at most. */
  readonly impersonation: { readonly maxMs: number };
  /** The host's choice; undefined leaves it to the preset. */
  readonly emailChangeableBy: 'nobody' | 'administrators' | undefined;
  /** null: no rate limit on sign-in routes. */
  readonly signInRateLimit: { readonly perIp: number; readonly perAccount: number; readonly windowMs: number } | null;
  readonly rateLimit: { readonly redisUrl: string | null; readonly redisPrefix: string };
  readonly mail: NonNullable<GatehouseOptions['mail']>;
  readonly now: () => Date;
  readonly logger: Logger;
}

const HOUR = 3_600_000;

export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 12,
  maxLength: 128,
  requireUpper: true,
  requireLower: true,
  requireDigit: true,
  requireSymbol: true,
  historySize: 4,
};

function decodeKey(key: string): Buffer {
  const bytes = /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
  if (bytes.length !== 32) throw new Error('encryptionKey must be 32 bytes, as 64 hex digits or base64');
  return bytes;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`[gatehouse] ${message}`),
  warn: (message) => console.warn(`[gatehouse] ${message}`),
  error: (message, error) => console.error(`[gatehouse] ${message}`, error ?? ''),
};

/**
 * R-PWD-1: the host's policy when it gives one, else the preset's, over Gatehouse's default; the
 * on-behalf policy over the main one.
 */
export function resolvePasswordPolicies(fromPreset: PresetPasswordPolicy | undefined, fromHost: PasswordPolicyOptions | undefined): { own: PasswordPolicy; onBehalf: PasswordPolicy } {
  const { onBehalf = {}, ...main } = fromHost ?? fromPreset ?? {};
  const own = { ...defaultPasswordPolicy, ...main };
  const resolved = { own, onBehalf: { ...own, ...onBehalf } };
  for (const [which, policy] of Object.entries(resolved)) {
    if (policy.minLength > policy.maxLength) throw new Error(`passwordPolicy${which === 'own' ? '' : '.onBehalf'}: minLength ${policy.minLength} is above maxLength ${policy.maxLength}`);
  }
  return resolved;
}

export function resolveConfig<C extends Catalog>(options: GatehouseOptions<C>, presetPasswordPolicy?: PresetPasswordPolicy): GatehouseConfig {
  checkOptions(options);
  const passwords = resolvePasswordPolicies(presetPasswordPolicy, options.passwordPolicy);
  const mountPath = `/${(options.mountPath ?? '/admin').replace(/^\/+|\/+$/g, '')}`;
  const clock = options.clock;
  return {
    mountPath,
    publicUrl: (options.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, ''),
    productName: options.productName ?? 'Gatehouse',
    secret: options.secret,
    encryptionKey: options.encryptionKey
      ? decodeKey(options.encryptionKey)
      : createHash('sha256').update(`gatehouse-totp:${options.secret}`).digest(),
    session: {
      cookieName: options.session?.cookieName ?? 'gatehouse.sid',
      idleMs: (options.session?.idleMinutes ?? 30) * 60_000,
      absoluteMs: (options.session?.absoluteHours ?? 12) * HOUR,
      secureCookies: options.session?.secureCookies ?? process.env.NODE_ENV === 'production',
    },
    lockout: {
      maxAttempts: options.lockout?.maxAttempts ?? 5,
      lockMs: (options.lockout?.lockMinutes ?? 15) * 60_000,
    },
    passwordPolicy: passwords.own,
    passwordPolicyOnBehalf: passwords.onBehalf,
    passwordHashing: {
      memoryKiB: options.passwordHashing?.memoryKiB ?? 19_456,
      passes: options.passwordHashing?.passes ?? 2,
    },
    invitationTtlMs: (options.invitationTtlHours ?? 72) * HOUR,
    resetTtlMs: (options.resetTtlHours ?? 24) * HOUR,
    emailChangeTtlMs: (options.emailChangeTtlHours ?? 24) * HOUR,
    accessExpiry: {
      noticeMs: (options.accessExpiry?.noticeDays ?? 3) * 24 * HOUR,
      sweepEveryMs: (options.accessExpiry?.sweepMinutes ?? 5) * 60_000,
    },
    impersonation: { maxMs: (options.impersonation?.maxMinutes ?? 30) * 60_000 },
    emailChangeableBy: options.emailChangeableBy,
    signInRateLimit:
      options.signInRateLimit === false
        ? null
        : {
            perIp: options.signInRateLimit?.perIp ?? 50,
            perAccount: options.signInRateLimit?.perAccount ?? 20,
            windowMs: (options.signInRateLimit?.windowMinutes ?? 15) * 60_000,
          },
    rateLimit: { redisUrl: options.rateLimit?.redisUrl ?? null, redisPrefix: options.rateLimit?.redisPrefix ?? 'gatehouse:rl:' },
    mail: options.mail ?? {},
    now: clock ? () => clock() : () => new Date(),
    logger: options.logger ?? consoleLogger,
  };
}
