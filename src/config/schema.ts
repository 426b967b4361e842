// The host's configuration, checked once at start-up by one schema: a wrong value stops
// createGatehouse with a message naming every problem, instead of surfacing later as a strange
// answer (a negative idle timeout that ends every session, a minimum password length above the
// maximum that refuses every password).
import { z } from 'zod';

const positive = (what: string) => z.number({ error: `${what} must be a number` }).positive(`${what} must be greater than 0`);
const whole = (what: string, min: number) => z.number({ error: `${what} must be a number` }).int(`${what} must be a whole number`).min(min, `${what} must be at least ${min}`);
const fn = (what: string) => z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', `${what} must be a function`);

const lengthsInOrder = (policy: { minLength?: number | undefined; maxLength?: number | undefined }) =>
  policy.minLength === undefined || policy.maxLength === undefined || policy.minLength <= policy.maxLength;
const classes = {
  requireUpper: z.boolean().optional(),
  requireLower: z.boolean().optional(),
  requireDigit: z.boolean().optional(),
  requireSymbol: z.boolean().optional(),
};
const onBehalfPolicy = z
  .strictObject({ minLength: whole('passwordPolicy.onBehalf.minLength', 1).optional(), maxLength: whole('passwordPolicy.onBehalf.maxLength', 1).optional(), ...classes })
  .refine(lengthsInOrder, 'passwordPolicy.onBehalf.minLength is above maxLength');
const passwordPolicy = z
  .strictObject({
    minLength: whole('passwordPolicy.minLength', 1).optional(),
    maxLength: whole('passwordPolicy.maxLength', 1).optional(),
    ...classes,
    historySize: whole('passwordPolicy.historySize', 0).optional(),
    onBehalf: onBehalfPolicy.optional(),
  })
  .refine(lengthsInOrder, 'passwordPolicy.minLength is above maxLength');

export const optionsSchema = z.looseObject({
  databaseUrl: z.string().min(1, 'databaseUrl is empty').optional(),
  prisma: z.custom((value) => typeof value === 'object' && value !== null && typeof (value as { $transaction?: unknown }).$transaction === 'function', 'prisma must be a PrismaClient').optional(),
  resources: z.array(z.looseObject({ model: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'resources[].model must be a Prisma model name'), label: z.string().optional(), viewPermission: z.string().optional() })).optional(),
  actions: z.array(z.looseObject({ resource: z.string(), name: z.string(), permission: z.string(), handler: fn('actions[].handler') })).optional(),
  migrate: z.boolean().optional(),
  preset: z.union([z.string(), z.looseObject({ id: z.string(), catalog: z.record(z.string(), z.unknown()) })]).optional(),
  permissions: z.record(z.string().min(1), z.looseObject({ label: z.string().min(1), group: z.string(), mutates: z.boolean() }), { error: 'permissions must map keys to { label, group, mutates }' }).optional(),
  secret: z.string({ error: 'secret is required' }).min(16, 'secret must be at least 16 characters'),
  encryptionKey: z.string().optional(),
  mountPath: z.string().regex(/^\/?[A-Za-z0-9._~\-/]*$/, 'mountPath must be a URL path such as /admin').optional(),
  publicUrl: z.url('publicUrl must be an absolute URL such as https://example.com').optional(),
  productName: z.string().min(1).max(80).optional(),
  mail: z.looseObject({ smtpUrl: z.string().optional(), from: z.string().optional(), onMessage: fn('mail.onMessage').optional() }).optional(),
  session: z
    .strictObject({
      cookieName: z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'session.cookieName is not a valid cookie name').optional(),
      idleMinutes: positive('session.idleMinutes').optional(),
      absoluteHours: positive('session.absoluteHours').optional(),
      secureCookies: z.boolean().optional(),
    })
    .optional(),
  lockout: z.strictObject({ maxAttempts: whole('lockout.maxAttempts', 1).optional(), lockMinutes: positive('lockout.lockMinutes').optional() }).optional(),
  passwordPolicy: passwordPolicy.optional(),
  passwordHashing: z.strictObject({ memoryKiB: whole('passwordHashing.memoryKiB', 8).optional(), passes: whole('passwordHashing.passes', 1).optional() }).optional(),
  invitationTtlHours: positive('invitationTtlHours').optional(),
  resetTtlHours: positive('resetTtlHours').optional(),
  emailChangeTtlHours: positive('emailChangeTtlHours').optional(),
  accessExpiry: z
    .strictObject({
      noticeDays: z.number({ error: 'accessExpiry.noticeDays must be a number' }).min(0, 'accessExpiry.noticeDays must be 0 or more').max(366, 'accessExpiry.noticeDays must be at most 366').optional(),
      sweepMinutes: positive('accessExpiry.sweepMinutes').optional(),
    })
    .optional(),
  impersonation: z.strictObject({ maxMinutes: positive('impersonation.maxMinutes').optional() }).optional(),
  signInRateLimit: z
    .union([z.literal(false), z.strictObject({ perIp: whole('signInRateLimit.perIp', 1).optional(), perAccount: whole('signInRateLimit.perAccount', 1).optional(), windowMinutes: positive('signInRateLimit.windowMinutes').optional() })])
    .optional(),
  emailChangeableBy: z.enum(['nobody', 'administrators'], { error: "emailChangeableBy must be 'nobody' or 'administrators'" }).optional(),
  databaseTimeoutMs: positive('databaseTimeoutMs').optional(),
  clock: fn('clock').optional(),
  logger: z.looseObject({ info: fn('logger.info'), warn: fn('logger.warn'), error: fn('logger.error') }).optional(),
});

/** Throws one error listing every problem of the options, each with where it is. */
export function checkOptions(options: unknown): void {
  const result = optionsSchema.safeParse(options);
  if (result.success) return;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return issue.message.startsWith(where.split('.')[0] ?? '\u0000') || where === '' ? issue.message : `${where}: ${issue.message}`;
  });
  throw new Error(`createGatehouse: invalid options:\n  - ${[...new Set(problems)].join('\n  - ')}`);
}
