// Read-only records: the audit trail (scoped by audit.view) and, in demo mode (no SMTP: every
// message goes to the host's onMessage hook), the outbox, where one's own messages and those of
// invitations in scope can be read — redacted, as they are stored (R-OUTBOX-1).
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { auditScope, outboxScope } from '../scopes.ts';
import { modelResource } from './model-resource.ts';
import { records } from './navigation.ts';

export function auditResource(ctx: GatehouseContext): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'AuditEvent',
    scope: auditScope(ctx),
    view: { permission: 'audit.view', targetOf: (record) => (record.param('organizationId') ? { kind: 'organization', organizationId: String(record.param('organizationId')) } : null) },
    options: {
      navigation: records,
      listProperties: ['at', 'action', 'outcome', 'rule', 'actorId', 'targetType', 'targetId'],
      filterProperties: ['action', 'outcome', 'rule', 'actorId', 'targetId', 'organizationId', 'at'],
      sort: { sortBy: 'at', direction: 'desc' },
    },
  });
}

/** Demo mode: no SMTP; messages go to the host's onMessage hook only. */
export const isDemoMode = (ctx: GatehouseContext): boolean => !ctx.config.mail.smtpUrl;

export function outboxResource(ctx: GatehouseContext): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'OutboxMessage',
    scope: outboxScope(ctx),
    // Every signed-in user has an outbox (their own messages); the scope decides which rows.
    view: { permission: 'user.view', targetOf: null },
    options: {
      navigation: records,
      titleProperty: 'subject',
      listProperties: ['createdAt', 'to', 'subject', 'kind', 'status'],
      showProperties: ['createdAt', 'to', 'subject', 'kind', 'text', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['to', 'kind', 'createdAt'],
      properties: { text: { type: 'textarea' }, html: { isVisible: false } },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
  });
}
