// Read-only records: the audit trail (scoped by audit.view) and, in demo mode (no SMTP: every
// message stays in the outbox), the outbox, where one's own messages and the invitation links of
// invitations in scope can be read.
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

/** Demo mode: mail goes nowhere but the outbox. */
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
      listProperties: ['createdAt', 'to', 'subject', 'kind'],
      showProperties: ['createdAt', 'to', 'subject', 'kind', 'text', 'sentAt'],
      filterProperties: ['to', 'kind', 'createdAt'],
      properties: { text: { type: 'textarea' }, html: { isVisible: false } },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
  });
}
