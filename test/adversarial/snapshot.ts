// A fingerprint of every row Gatehouse keeps, to prove that a refused request changed nothing.
import { createHash } from 'node:crypto';
import type { GatehousePrisma } from '../../src/db/client.ts';

const models = [
  'organization',
  'user',
  'membership',
  'role',
  'permissionPolicy',
  'policyGrant',
  'rolePolicy',
  'invitation',
  'passwordResetToken',
  'emailChangeRequest',
  'emailOtpChallenge',
  'recoveryCode',
  'passwordHistory',
  'apiKey',
  'auditEvent',
  'outboxMessage',
] as const;

type Delegate = { findMany(args?: object): Promise<unknown[]> };

/** `withoutAudit`: denials are audited by design (R-AUDIT-1); leave the trail out of the comparison. */
export async function databaseFingerprint(prisma: GatehousePrisma, options: { withoutAudit?: boolean } = {}): Promise<string> {
  const parts: string[] = [];
  for (const model of models) {
    if (options.withoutAudit && model === 'auditEvent') continue;
    const rows = await (prisma as unknown as Record<string, Delegate>)[model]!.findMany();
    const hash = createHash('sha256').update(JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)));
    parts.push(`${model}:${hash.digest('hex').slice(0, 16)}`);
  }
  // Readable when two differ: the models whose rows changed stand out.
  return parts.join(' ');
}
