// /me/api-keys: personal API keys (R-KEY-1). Listing is a read; creating and revoking are operations.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { defineRoute, type AnyRoute } from '../http/route.ts';
import { operationRoutes } from '../operations/rest.ts';
import { apiKeyOperations } from './operations/index.ts';
import { apiKeyView, keySelect, serializeKey } from './view.ts';

export function apiKeyRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me/api-keys',
      summary: 'Your API keys, revoked ones included (never the keys themselves)',
      tag: 'api-keys',
      access: 'signed-in',
      response: z.object({ items: z.array(apiKeyView), total: z.number() }),
      async handle({ principal }) {
        const rows = await ctx.prisma.apiKey.findMany({ where: { userId: principal.userId }, select: keySelect, orderBy: { createdAt: 'desc' } });
        return { items: rows.map(serializeKey), total: rows.length };
      },
    }),
    ...operationRoutes(ctx, apiKeyOperations),
  ];
}
