// Input pieces shared by every operation that takes them, so that an e-mail, a username or an IP
// allowlist is validated and normalised the same way in every form and every REST body. The
// transforms run once, in the operation's schema; services receive normalised values.
import { z } from 'zod';
import { isValidAllowlistEntry } from '../auth/ip-allowlist.ts';

/** Record ids in paths and bodies. */
export const recordId = z.string().min(1).max(200);

/** Trimmed, lower-cased (unique case-insensitively) and one address only: no lists, no CR/LF. */
export const emailInput = z.string().trim().toLowerCase().max(320).pipe(z.email('Enter one e-mail address'));

/** Trimmed and lower-cased, like e-mail addresses; no spaces or @ (an @ would read as an e-mail at sign-in). */
export const usernameInput = z.string().trim().toLowerCase().min(1).max(64).regex(/^[^\s@]+$/, 'No spaces or @');

/** First and last names are required; "-" when there is none. */
export const personNameInput = z.string().trim().min(1).max(100).describe('Required; "-" when there is none');

export const optionalTextInput = z.string().trim().max(500).nullable().optional();

export const passwordInput = z.string().min(1).max(1024);

export const ipAllowlistInput = z
  .array(z.string().trim().min(1).max(64).refine(isValidAllowlistEntry, 'Not an IP address or CIDR range'))
  .max(100)
  .describe('Addresses and CIDR ranges (IPv4, IPv6) allowed to sign in; empty = anywhere (R-IP-1)');
