// Signing in with a passkey (R-PASSKEY-2), in two ways that share one check of the answer:
// - as the second step after a correct password: the pending sign-in's user, their passkeys named
//   in the options; a wrong answer counts like a wrong code (R-LOCK-1);
// - passwordless: a discoverable credential with user verification, which is possession and a
//   PIN or biometric in one, so no further step follows. Everything the password step refuses is
//   refused here too, told alike (R-IP-1, R-STATE-1, R-ORG-1, R-EXP-1), a locked account is
//   answered before the answer is looked at, and a failed answer counts towards the lock of the
//   user whose passkey it names (R-LOCK-1). The session then starts as after a password (R-SESS-1).
// A correctly signed answer whose counter did not grow comes from a copy of the credential: it is
// refused, audited as a denial by R-PASSKEY-2, and counted.
import type { Request } from 'express';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { recordEndedAccess } from '../access-expiry/sweep.ts';
import { recordAudit } from '../audit/log.ts';
import { failSecondFactor, livePendingSignIn } from '../auth/second-factor.ts';
import { isLocked } from '../auth/lockout.ts';
import { countFailure, lockedError, signInRefusal } from '../auth/sign-in.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { type Assertion, authenticationOptions, verifyAssertion } from './ceremonies.ts';
import { type ChallengePurpose, issueChallenge, takeChallenge } from './challenges.ts';
import { type PasskeyRow, passkeysOf } from './credentials.ts';
import { relyingParty } from './relying-party.ts';
import { asAuthenticationJson, type authenticationResponse, challengeOf } from './responses.ts';
import type { z } from 'zod';

type Answer = z.output<typeof authenticationResponse>;

const expiredRequest = () => new GatehouseError('TOKEN_INVALID', 'This passkey request is used or has expired; try again');

/** Options for a passwordless sign-in: no user named, the browser offers the passkeys it holds for this site. */
export async function passwordlessOptions(ctx: GatehouseContext): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const challenge = await issueChallenge(ctx.prisma, ctx, 'sign-in', null);
  return authenticationOptions(relyingParty(ctx.config), challenge, null);
}

/** Options for answering the pending second step with one of the user's passkeys. */
export async function secondFactorOptions(ctx: GatehouseContext, req: Request, ip: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const pending = await livePendingSignIn(ctx, req, ip);
  const passkeys = await passkeysOf(ctx.prisma, pending.userId);
  if (passkeys.length === 0) throw new GatehouseError('CONFLICT', 'This account has no passkey; use the code instead');
  const challenge = await issueChallenge(ctx.prisma, ctx, 'authentication', pending.userId);
  return authenticationOptions(relyingParty(ctx.config), challenge, passkeys);
}

interface Checked {
  readonly passkey: PasskeyRow;
  readonly assertion: Assertion;
}

/**
 * The challenge the answer carries is taken (whatever follows, it is spent), then the passkey it
 * names is checked. `userId` binds both to one user (the second step), or null (passwordless).
 */
async function checkAnswer(ctx: GatehouseContext, answer: Answer, purpose: ChallengePurpose, userId: string | null): Promise<Checked | 'no-challenge' | 'unknown-passkey'> {
  const challenge = challengeOf(answer.response.clientDataJSON);
  const passkey = await ctx.prisma.passkey.findUnique({ where: { credentialId: answer.id } });
  if (!challenge || !(await takeChallenge(ctx.prisma, ctx, challenge, purpose, userId))) return 'no-challenge';
  if (!passkey || (userId !== null && passkey.userId !== userId) || !userHandleNames(answer, passkey.userId)) return 'unknown-passkey';
  return { passkey, assertion: await verifyAssertion(relyingParty(ctx.config), asAuthenticationJson(answer), challenge, passkey, purpose === 'sign-in') };
}

/** A discoverable credential says whose it is; it must be the user the stored passkey belongs to. */
function userHandleNames(answer: Answer, userId: string): boolean {
  const handle = answer.response.userHandle;
  return handle === undefined || Buffer.from(handle, 'base64url').toString('utf8') === userId;
}

/**
 * Stores the counter the answer carried, compare-and-set: of two answers racing with the same
 * counter value only one is taken; the other is a replay and refused.
 */
async function recordUse(ctx: GatehouseContext, passkey: PasskeyRow, assertion: Extract<Assertion, { ok: true }>): Promise<boolean> {
  const { count } = await ctx.prisma.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: assertion.counter, backedUp: assertion.backedUp, lastUsedAt: ctx.config.now() },
  });
  return count === 1;
}

async function auditClone(ctx: GatehouseContext, passkey: PasskeyRow, ip: string): Promise<void> {
  await recordAudit(ctx.prisma, {
    actorId: null,
    action: 'auth.passkey',
    outcome: 'DENIED',
    rule: 'R-PASSKEY-2',
    ip,
    targetType: 'user',
    targetId: passkey.userId,
    details: { reason: 'cloned credential', passkeyId: passkey.id, passkeyName: passkey.name },
    at: ctx.config.now(),
  });
}

/** The passed second step's user, or a refusal counted like a wrong code. */
export async function completePasskeyFactor(ctx: GatehouseContext, req: Request, answer: Answer, ip: string): Promise<{ userId: string; passkeyId: string }> {
  const pending = await livePendingSignIn(ctx, req, ip);
  const checked = await checkAnswer(ctx, answer, 'authentication', pending.userId);
  if (checked === 'no-challenge') throw expiredRequest();
  if (checked !== 'unknown-passkey') {
    if (checked.assertion.ok && (await recordUse(ctx, checked.passkey, checked.assertion))) return { userId: pending.userId, passkeyId: checked.passkey.id };
    if (!checked.assertion.ok && checked.assertion.cloned) await auditClone(ctx, checked.passkey, ip);
  }
  return failSecondFactor(ctx, req, pending, ip, 'PASSKEY', 'The passkey was not accepted');
}

/** A passwordless sign-in's user, once every check a password sign-in makes has passed. */
export async function passwordlessSignIn(ctx: GatehouseContext, answer: Answer, ip: string): Promise<{ userId: string; passkeyId: string }> {
  const checked = await checkAnswer(ctx, answer, 'sign-in', null);
  if (checked === 'no-challenge') throw expiredRequest();
  const fail = async (userId: string | null, outcome: 'FAILED' | 'DENIED', reason: string) => {
    await recordAudit(ctx.prisma, { actorId: userId, action: 'auth.signIn', outcome, ip, targetType: 'user', targetId: userId, details: { method: 'passkey', reason }, at: ctx.config.now() });
    return new GatehouseError('INVALID_CREDENTIALS', 'The passkey was not accepted');
  };
  if (checked === 'unknown-passkey') throw await fail(null, 'FAILED', 'unknown passkey');

  const { passkey, assertion } = checked;
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: passkey.userId } });
  // Locked: answered without looking at the answer, as a password would be.
  if (isLocked(user, ctx.config.now())) throw lockedError(user.lockedUntil, ctx.config.now());
  await recordEndedAccess(ctx, { userId: user.id });

  const wrong = async (reason: string) => {
    const error = await fail(user.id, 'FAILED', reason);
    await countFailure(ctx, user.id, ip);
    return error;
  };
  if (!assertion.ok) {
    if (assertion.cloned) await auditClone(ctx, passkey, ip);
    throw await wrong(assertion.cloned ? 'cloned credential' : 'wrong answer');
  }
  // A refused sign-in is not a use of the passkey: nothing about it is recorded.
  const refusal = await signInRefusal(ctx, user, ip);
  if (refusal) throw await fail(user.id, 'DENIED', refusal);
  if (!(await recordUse(ctx, passkey, assertion))) throw await wrong('replayed counter');
  return { userId: user.id, passkeyId: passkey.id };
}
