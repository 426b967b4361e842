// Revoking one of one's own API keys: it stops working at once. Only one's own keys are reachable:
// another user's key id answers 404 like a missing one.
import { z } from 'zod';
import { notFound } from '../../errors/gatehouse-error.ts';
import { defineOperation } from '../../operations/operation.ts';

export const revokeApiKey = defineOperation({
  key: 'apikey.revoke',
  permission: 'user.view',
  label: 'Revoke',
  summary: 'Revoke one of your API keys: it stops working immediately (R-KEY-1)',
  rules: ['R-KEY-1'],
  input: z.strictObject({}),
  rest: { method: 'delete', path: '/me/api-keys/:id', status: 204, tag: 'api-keys' },
  panel: {
    resource: 'ApiKey',
    name: 'revoke',
    kind: 'record',
    view: 'confirm',
    icon: 'XCircle',
    variant: 'danger',
    guard: 'Revoke this key? Scripts using it stop working at once.',
    shownWhen: (record) => record.params.revokedAt === null || record.params.revokedAt === undefined,
    done: () => 'The key is revoked',
  },
  audit: { targetType: 'apiKey' },
  async load(db, { who, id }) {
    const row = await db.apiKey.findFirst({ where: { id, userId: who.userId }, select: { id: true, organizationId: true, prefix: true } });
    if (!row) throw notFound('API key');
    return row;
  },
  // One's own key is one's own business (R-SELF-2): the engine allows it to everyone on themself.
  checks: (row, { who }) => [
    { action: 'user.view', target: { kind: 'user', userId: who.userId, organizationIds: [], isOwner: false }, subject: { targetType: 'apiKey', targetId: row.id, organizationId: row.organizationId } },
  ],
  async apply(tx, _row, { ctx, id }) {
    await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: ctx.config.now() } });
  },
  auditDetails: (row) => ({ prefix: row.prefix }),
  view: () => undefined,
});
