// `Authorization: Bearer <key>` on REST calls (R-KEY-1). The key stands for its owner, whose live
// state still applies on every call: disabled, locked or outside the IP allowlist is refused just
// as for a session (R-SESS-1, R-IP-1). A key created for one organisation acts only there.
// The key and its owner are one prepared read; lastUsedAt is written only when it is due.
import { keyMatches, LAST_USED_RESOLUTION_MS, prefixOf, touchLastUsed } from '../api-keys/keys.ts';
import { loadActorFacts } from '../authz/load-actor.ts';
import { principalFor } from '../authz/principal-loader.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { isLocked } from './lockout.ts';
import { dateColumn, nullableTextColumn, textColumn } from '../reads/columns.ts';
import { defineRead } from '../reads/read-connection.ts';
import { statusAt } from '../users/disabled.ts';
import { SESSION_USER_COLUMNS, sessionUserFrom } from './session-user.ts';
import { lockedError } from './sign-in.ts';

const readKey = defineRead(
  'api_key',
  (d) => `SELECT k."id" AS "keyId", k."hash", k."revokedAt", k."organizationId" AS "keyOrganizationId", k."lastUsedAt", ${SESSION_USER_COLUMNS.map((column) => `u."${column}"`).join(', ')}
    FROM ${d.table('ApiKey')} k JOIN ${d.table('User')} u ON u."id" = k."userId" WHERE k."prefix" = ${d.param(1)}`,
);

/** The token of an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header || !/^Bearer(\s|$)/i.test(header)) return null;
  // A Bearer header that is not one clean token is still an attempt with a key, and fails as one.
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
}

export interface ApiKeyCaller {
  readonly principal: Principal;
  readonly profile: { readonly email: string; readonly firstName: string; readonly lastName: string };
}

export async function authenticateApiKey(ctx: GatehouseContext, key: string, ip: string): Promise<ApiKeyCaller> {
  const prefix = prefixOf(key);
  const row = prefix ? await ctx.reads.first(readKey, [prefix]) : undefined;
  // One answer for unknown, wrong and revoked keys: nothing to learn by probing.
  if (!row || !keyMatches(key, textColumn(row.hash)) || dateColumn(row.revokedAt)) throw new GatehouseError('INVALID_API_KEY');
  const { user } = sessionUserFrom(row);
  const now = ctx.config.now();
  if (statusAt(user, now) !== 'ACTIVE') throw new GatehouseError('ACCOUNT_DISABLED');
  if (isLocked(user, now)) throw lockedError(user.lockedUntil, now);
  if (!ipAllowed(user.ipAllowlist, ip)) throw new GatehouseError('IP_NOT_ALLOWED');
  const lastUsedAt = dateColumn(row.lastUsedAt);
  if (lastUsedAt === null || lastUsedAt.getTime() < now.getTime() - LAST_USED_RESOLUTION_MS) await touchLastUsed(ctx, textColumn(row.keyId));

  const organizationId = nullableTextColumn(row.keyOrganizationId);
  const principal = organizationId
    ? { userId: user.id, actor: await narrowedActor(ctx, user.id, user.accessVersion, organizationId), via: 'api-key' as const, ip }
    : await principalFor(ctx, user.id, user.accessVersion, ip, 'api-key');
  return { principal, profile: { email: user.email, firstName: user.firstName, lastName: user.lastName } };
}

/** The owner's permissions in the key's organisation only; cached beside the full actor, same version rule. */
async function narrowedActor(ctx: GatehouseContext, userId: string, accessVersion: number, organizationId: string): Promise<Principal['actor']> {
  const cacheKey = `${userId}@${organizationId}`;
  const cached = ctx.actors.get(cacheKey, accessVersion, ctx.config.now().getTime());
  if (cached) return cached;
  const facts = await loadActorFacts(ctx.reads, userId);
  const actor = ctx.engine.compile({ ...facts, memberships: facts.memberships.filter((membership) => membership.organizationId === organizationId) }, { now: ctx.config.now() });
  ctx.actors.set(cacheKey, accessVersion, actor);
  return actor;
}
