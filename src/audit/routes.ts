// REST: GET /audit-events and its CSV export.
import { z } from 'zod';
import type { GatehouseContext } from '../context.ts';
import { type AnyRoute, defineRoute } from '../http/route.ts';
import { exportAuditEvents, MAX_EXPORT_ROWS } from './export.ts';
import { queryAuditEvents } from './query.ts';

const id = z.string().min(1).max(64);
// Dates the databases can store and compare: year 275760 parses in JavaScript and then fails in SQL.
const when = z.coerce
  .date({ error: 'an ISO 8601 date' })
  .min(new Date('1970-01-01T00:00:00Z'), { error: 'from 1970 on' })
  .max(new Date('9999-12-31T23:59:59.999Z'), { error: 'before the year 10000' });

const auditQuery = z
  .strictObject({
    actorId: id.optional(),
    targetId: id.optional(),
    targetType: z.string().min(1).max(64).optional(),
    action: z.string().min(1).max(128).optional(),
    outcome: z.enum(['ALLOWED', 'DENIED', 'FAILED']).optional(),
    organizationId: id.optional(),
    from: when.optional().describe('ISO 8601, inclusive'),
    to: when.optional().describe('ISO 8601, exclusive'),
    page: z.coerce.number().int().min(1).max(1_000_000).optional(),
    pageSize: z.coerce.number().int().min(1).max(100).optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, { message: '`from` must be before `to`', path: ['from'] });

export function auditRoutes(ctx: GatehouseContext): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/audit-events',
      summary: 'The audit trail of your organisations (audit.view; R-AUDIT-1, R-TENANT-1)',
      tag: 'audit',
      access: 'signed-in',
      query: auditQuery,
      handle: ({ principal, query }) => queryAuditEvents(ctx, principal, query),
    }),
    defineRoute({
      method: 'get',
      path: '/audit-events/export.csv',
      summary: `The same trail as a CSV file, with the panel's words beside the ids; at most ${MAX_EXPORT_ROWS} events, paging ignored (audit.view; R-AUDIT-1, R-TENANT-1)`,
      tag: 'audit',
      access: 'signed-in',
      query: auditQuery,
      handle: ({ principal, query: { page: _page, pageSize: _pageSize, ...filters }, res }) => exportAuditEvents(ctx, principal, filters, res),
    }),
  ];
}
