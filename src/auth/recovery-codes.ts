// Recovery codes (R-MFA-1): ten issued at TOTP enrolment, shown once, kept as SHA-256 hashes,
// each usable once in place of a TOTP code.
import type { GatehouseContext } from '../context.ts';
import type { Prisma } from '../db/client.ts';
import { normalizeRecoveryCode, recoveryCode, sha256Hex } from './one-time-codes.ts';

export const RECOVERY_CODE_COUNT = 10;

type RecoveryCodeWriter = {
  recoveryCode: {
    deleteMany(args: { where: Prisma.RecoveryCodeWhereInput }): Promise<unknown>;
    createMany(args: { data: Prisma.RecoveryCodeCreateManyInput[] }): Promise<unknown>;
  };
};

/** Replaces any previous set; the clear codes are returned to be shown once and never stored. */
export async function issueRecoveryCodes(db: RecoveryCodeWriter, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: sha256Hex(code) })) });
  return codes;
}

/** Single use: the conditional update lets exactly one of two concurrent uses of a code through. */
export async function useRecoveryCode(ctx: GatehouseContext, userId: string, input: string): Promise<boolean> {
  const codeHash = sha256Hex(normalizeRecoveryCode(input));
  const { count } = await ctx.prisma.recoveryCode.updateMany({
    where: { userId, codeHash, usedAt: null },
    data: { usedAt: ctx.config.now() },
  });
  return count === 1;
}

export function remainingRecoveryCodes(ctx: GatehouseContext, userId: string): Promise<number> {
  return ctx.prisma.recoveryCode.count({ where: { userId, usedAt: null } });
}
