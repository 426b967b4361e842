// Random codes and their stored form. Codes are compared by hash in constant time; the clear code
// exists only in the answer (or e-mail) that hands it to the user.
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Six decimal digits, uniformly drawn (randomInt has no modulo bias). */
export function sixDigitCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * A six-digit code has only 20 bits: a plain hash of it would be reversed instantly from a leaked
 * table. Keyed with the server secret and bound to its challenge, the stored value reveals nothing.
 */
export function keyedCodeHash(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', secret).update(`email-otp:${challengeId}:${code}`, 'utf8').digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

// Crockford-style alphabet without look-alikes (0/O, 1/I/L), so codes survive being written down.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** `xxxx-xxxx-xxxx-xxxx` from a 31-letter alphabet: about 79 bits, enough for a plain SHA-256 at rest. */
export function recoveryCode(): string {
  let code = '';
  for (let index = 0; index < 16; index += 1) {
    // randomInt draws without modulo bias.
    code += ALPHABET[randomInt(0, ALPHABET.length)];
    if (index % 4 === 3 && index < 15) code += '-';
  }
  return code;
}

/** What the user typed, in the form that was hashed: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(input: string): string {
  const letters = input.toLowerCase().replace(/[\s-]/g, '');
  return letters.replace(/(.{4})(?=.)/g, '$1-');
}
