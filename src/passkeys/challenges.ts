// WebAuthn challenges (R-PASSKEY-1, R-PASSKEY-2): random, short-lived, single use, bound to what
// they were issued for (enrolment, a second factor, a passwordless sign-in) and to the user, and
// stored as a hash in PasskeyChallenge, so that every instance behind a load balancer knows them
// and a leaked table answers nothing. Taking a challenge deletes it: a replayed answer finds none.
import { randomBytes } from 'node:crypto';
import type { GatehouseContext } from '../context.ts';
import { sha256Hex } from '../auth/one-time-codes.ts';
import type { Db } from '../operations/operation.ts';

/** How long the browser has to answer; WebAuthn's own timeout is set to the same. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = 'registration' | 'authentication' | 'sign-in';

/** A new challenge, base64url as the options carry it; expired challenges are cleared on the way. */
export async function issueChallenge(db: Db, ctx: GatehouseContext, purpose: ChallengePurpose, userId: string | null): Promise<string> {
  const now = ctx.config.now();
  const challenge = randomBytes(32).toString('base64url');
  await db.passkeyChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  await db.passkeyChallenge.create({ data: { challengeHash: sha256Hex(challenge), purpose, userId, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) } });
  return challenge;
}

/**
 * Consumes the challenge an answer names, if it was issued for this purpose and user and has not
 * expired: one delete, so of two answers racing with the same challenge only one is taken.
 * `userId` undefined: a passwordless sign-in's, issued to nobody.
 */
export async function takeChallenge(db: Db, ctx: GatehouseContext, challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<boolean> {
  const { count } = await db.passkeyChallenge.deleteMany({
    where: { challengeHash: sha256Hex(challenge), purpose, userId, expiresAt: { gt: ctx.config.now() } },
  });
  return count === 1;
}
