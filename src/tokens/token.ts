// One-time tokens for links sent by mail (invitations, password resets). The raw token only ever
// travels in the e-mail; the database keeps its SHA-256 hash, so a leaked table opens nothing.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** 32 random bytes (256 bits) as base64url: 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedToken {
  /** Goes into the link, never into the database, the audit trail or a log. */
  readonly token: string;
  readonly tokenHash: string;
}

export function newToken(): IssuedToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The exact shape Gatehouse issues. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/**
 * A token as received: anything outside the base64url alphabet (or absurdly long) is malformed
 * input, 400. A well-formed string that matches no live token (truncated, reused, resent, revoked,
 * expired) is a dead link, 410, decided by the service.
 */
export const tokenInput = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9_-]+$/, 'Not a Gatehouse token')
  .describe('The token from the e-mailed link');

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
