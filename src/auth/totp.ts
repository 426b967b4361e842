// TOTP (R-MFA-1, RFC 6238 through otplib): 30-second steps, codes accepted one step either side,
// and never twice: the last accepted step is kept on the user and only a later one is accepted.
import type { GatehouseContext } from '../context.ts';
import { openSecret, sealSecret } from './secret-box.ts';

const PERIOD_SECONDS = 30;
/** ±1 step: otplib's tolerance is in seconds around the current time. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator by hand. */
  readonly secret: string;
  readonly otpauthUri: string;
  /** The otpauth URI as a QR code, a PNG data URL for an <img>. */
  readonly qrDataUrl: string;
}

// Loaded on the first second-factor step only (about 7 MiB and 150 kB of source with its base32
// and crypto plugins): a process that serves no TOTP sign-in never needs it.
const otplib = () => import('otplib');

export async function newTotpSecret(): Promise<string> {
  return (await otplib()).generateSecret();
}

export async function describeEnrolment(ctx: GatehouseContext, secret: string, accountLabel: string): Promise<TotpEnrolment> {
  const otpauthUri = (await otplib()).generateURI({ issuer: ctx.config.productName, label: accountLabel, secret });
  // Loaded on the first enrolment only: most requests never draw a QR code.
  const { default: QRCode } = await import('qrcode');
  const qrDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  return { secret, otpauthUri, qrDataUrl };
}

function epochSeconds(ctx: GatehouseContext): number {
  return Math.floor(ctx.config.now().getTime() / 1000);
}

/** The time step the code belongs to (within ±1 step of now), or null. Pure check, no replay guard. */
export async function matchTotpStep(ctx: GatehouseContext, secret: string, code: string): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await (await otplib()).verify({ secret, token: code, epoch: epochSeconds(ctx), epochTolerance: TOLERANCE_SECONDS, period: PERIOD_SECONDS });
  // The result type covers HOTP too; a TOTP match always carries its time step.
  return result.valid && 'timeStep' in result && typeof result.timeStep === 'number' ? result.timeStep : null;
}

/** For tests and the demo: the code an authenticator shows now (or `offsetSteps` away). */
export async function currentTotpCode(ctx: GatehouseContext, secret: string, offsetSteps = 0): Promise<string> {
  return (await otplib()).generate({ secret, epoch: epochSeconds(ctx) + offsetSteps * PERIOD_SECONDS, period: PERIOD_SECONDS });
}

export function sealTotpSecret(ctx: GatehouseContext, userId: string, secret: string): string {
  return sealSecret(ctx.config.encryptionKey, secret, `totp:${userId}`);
}

export function openTotpSecret(ctx: GatehouseContext, userId: string, sealed: string): string | null {
  return openSecret(ctx.config.encryptionKey, sealed, `totp:${userId}`);
}

/**
 * Checks a code against the user's enrolled secret and consumes its time step. The conditional
 * update is the replay guard: of two requests carrying the same code, on one instance or many,
 * exactly one moves totpLastStep forward; the other finds the step already taken.
 */
export async function acceptTotpCode(ctx: GatehouseContext, userId: string, code: string): Promise<boolean> {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
  const secret = user?.totpSecret ? openTotpSecret(ctx, userId, user.totpSecret) : null;
  if (!secret) return false;
  const step = await matchTotpStep(ctx, secret, code);
  if (step === null) return false;
  return consumeTotpStep(ctx, userId, step);
}

export async function consumeTotpStep(ctx: GatehouseContext, userId: string, step: number): Promise<boolean> {
  const { count } = await ctx.prisma.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}
