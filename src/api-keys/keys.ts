// Personal API keys (R-KEY-1). A key is `gh_<id>_<secret>`: the `gh_<id>` part is stored in clear
// as the visible prefix (to find the key and to show it in lists), the whole key only as its
// SHA-256 hash. The clear key exists once, in the answer to its creation.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../auth/one-time-codes.ts';
import type { GatehouseContext } from '../context.ts';

const KEY_PATTERN = /^(gh_[A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  readonly key: string;
  readonly prefix: string;
  readonly hash: string;
}

function alphanumeric(length: number): string {
  // base64url without - and _, re-drawn until long enough: the prefix must be easy to read and select.
  let out = '';
  while (out.length < length) out += randomBytes(length).toString('base64url').replace(/[-_]/g, '');
  return out.slice(0, length);
}

export function newApiKey(): NewApiKey {
  const prefix = `gh_${alphanumeric(12)}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: sha256Hex(key) };
}

/** The prefix of a well-formed key, or null: malformed keys never reach the database. */
export function prefixOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function keyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(sha256Hex(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** lastUsedAt is written at most once an hour per key: a busy script must not turn reads into writes. */
export const LAST_USED_RESOLUTION_MS = 60 * 60_000;

export async function touchLastUsed(ctx: GatehouseContext, keyId: string): Promise<void> {
  const now = ctx.config.now();
  await ctx.prisma.apiKey.updateMany({
    where: { id: keyId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
    data: { lastUsedAt: now },
  });
}
