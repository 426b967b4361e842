// Creating, listing and revoking one's own API keys (R-KEY-1). Creation needs `apikey.create` in
// the organisation the key is for, asked of the engine like every other action.
import type { Request } from 'express';
import { recordAudit } from '../audit/log.ts';
import { authorize } from '../authz/authorize.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { forbidden, GatehouseError, notFound } from '../errors/gatehouse-error.ts';
import { newApiKey } from './keys.ts';

/** Live keys per user: enough for every script, few enough to review. */
export const MAX_ACTIVE_KEYS = 25;

const listSelect = { id: true, name: true, prefix: true, organizationId: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

type KeyRow = { id: string; name: string; prefix: string; organizationId: string | null; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

export function serializeKey(row: KeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    organizationId: row.organizationId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** The organisation the key is for: the one named, or the first where the user may create keys. */
async function keyOrganization(ctx: GatehouseContext, who: Principal, requested: string | undefined): Promise<string> {
  if (requested) {
    await authorize(ctx, who, 'apikey.create', { kind: 'organization', organizationId: requested }, { targetType: 'organization', targetId: requested, organizationId: requested });
    return requested;
  }
  const memberships = await ctx.prisma.membership.findMany({ where: { userId: who.userId }, select: { organizationId: true }, orderBy: { createdAt: 'asc' } });
  const allowed = memberships.find((membership) => ctx.engine.decide(who.actor, 'apikey.create', { kind: 'organization', organizationId: membership.organizationId }).allowed);
  if (allowed) return allowed.organizationId;
  const first = memberships[0]?.organizationId;
  // Denied: asked once more through authorize so the denial is audited with its rule.
  if (first) await authorize(ctx, who, 'apikey.create', { kind: 'organization', organizationId: first }, { targetType: 'organization', targetId: first, organizationId: first });
  await recordAudit(ctx.prisma, { actorId: who.userId, action: 'apikey.create', outcome: 'DENIED', rule: 'R-PERM-1', ip: who.ip, targetType: 'user', targetId: who.userId, at: ctx.config.now() });
  throw forbidden('R-PERM-1', 'Your role does not allow personal API keys');
}

export async function createApiKey(ctx: GatehouseContext, who: Principal, req: Request, input: { name: string; organizationId?: string | undefined }) {
  // A leaked key must not be able to mint more keys: creating one needs the signed-in session.
  if (who.via !== 'session' || !req.session?.userId) throw new GatehouseError('SESSION_REQUIRED');
  const organizationId = await keyOrganization(ctx, who, input.organizationId);
  const active = await ctx.prisma.apiKey.count({ where: { userId: who.userId, revokedAt: null } });
  if (active >= MAX_ACTIVE_KEYS) throw new GatehouseError('CONFLICT', `At most ${MAX_ACTIVE_KEYS} active keys; revoke one first`);
  const issued = newApiKey();
  const row = await ctx.prisma.apiKey.create({
    data: { userId: who.userId, organizationId, name: input.name, prefix: issued.prefix, hash: issued.hash, createdAt: ctx.config.now() },
    select: listSelect,
  });
  await recordAudit(ctx.prisma, { actorId: who.userId, action: 'apikey.create', outcome: 'ALLOWED', ip: who.ip, organizationId, targetType: 'apiKey', targetId: row.id, details: { name: row.name, prefix: row.prefix }, at: ctx.config.now() });
  return { ...serializeKey(row), key: issued.key };
}

export async function listApiKeys(ctx: GatehouseContext, who: Principal) {
  const rows = await ctx.prisma.apiKey.findMany({ where: { userId: who.userId }, select: listSelect, orderBy: { createdAt: 'desc' } });
  return { items: rows.map(serializeKey), total: rows.length };
}

/** Only one's own keys are reachable: another user's key id answers 404 like a missing one. */
export async function revokeApiKey(ctx: GatehouseContext, who: Principal, id: string): Promise<void> {
  const row = await ctx.prisma.apiKey.findFirst({ where: { id, userId: who.userId }, select: { id: true, organizationId: true, prefix: true } });
  if (!row) throw notFound('API key');
  await ctx.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: ctx.config.now() } });
  await recordAudit(ctx.prisma, { actorId: who.userId, action: 'apikey.revoke', outcome: 'ALLOWED', ip: who.ip, organizationId: row.organizationId, targetType: 'apiKey', targetId: row.id, details: { prefix: row.prefix }, at: ctx.config.now() });
}
