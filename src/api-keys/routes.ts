// /me/api-keys: personal API keys (R-KEY-1). The key itself is in the creation answer only.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './service.ts';

const tag = 'api-keys';

const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The visible start of the key'),
  organizationId: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable().describe('Updated at most once an hour'),
  revokedAt: z.string().nullable(),
});

export function apiKeyRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/me/api-keys',
      summary: 'Create a personal API key (needs apikey.create and a signed-in session); the key is shown once',
      tag,
      access: 'signed-in',
      body: z.strictObject({
        name: z.string().trim().min(1).max(100),
        organizationId: z.string().min(1).max(64).optional().describe('The organisation the key acts in; default the first where you may create keys'),
      }),
      response: keySchema.extend({ key: z.string().describe('Send as `Authorization: Bearer <key>`; shown only now') }),
      status: 201,
      errors: [409],
      handle: ({ principal, req, body }) => createApiKey(ctx, principal, req, body),
    }),
    defineRoute({
      method: 'get',
      path: '/me/api-keys',
      summary: 'Your API keys, revoked ones included (never the keys themselves)',
      tag,
      access: 'signed-in',
      response: z.object({ items: z.array(keySchema), total: z.number() }),
      handle: ({ principal }) => listApiKeys(ctx, principal),
    }),
    defineRoute({
      method: 'delete',
      path: '/me/api-keys/:id',
      summary: 'Revoke one of your API keys: it stops working at once',
      tag,
      access: 'signed-in',
      params: z.strictObject({ id: z.string().min(1).max(64) }),
      status: 204,
      handle: ({ principal, params }) => revokeApiKey(ctx, principal, params.id),
    }),
  ];
}
