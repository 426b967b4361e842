// Read-only records: the audit trail (scoped by audit.view) and, in demo mode (no SMTP: every
// message goes to the host's onMessage hook), the outbox, where one's own messages and those of
// invitations in scope can be read — redacted, as they are stored (R-OUTBOX-1).
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { auditActionWords } from '../../src/audit/in-words.ts';
import type { PanelComponents } from '../components/registry.ts';
import { auditScope, outboxScope } from '../scopes.ts';
import { choices, messageKindChoices, outboxStatusChoices, outcomeChoices } from '../value-labels.ts';
import { modelResource } from './model-resource.ts';
import { records } from './navigation.ts';

const filterOnly = { list: false, show: false, edit: false, filter: true };

/** A page of the audit resource that downloads the CSV export; reading, so nothing to confirm. */
const exportAction = (components: PanelComponents) => ({
  actionType: 'resource',
  icon: 'Download',
  label: 'Export CSV',
  component: components.ids.ExportAuditCsv,
  handler: async () => ({}),
});

export function auditResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'AuditEvent',
    scope: auditScope(ctx),
    view: { permission: 'audit.view', targetOf: (record) => (record.param('organizationId') ? { kind: 'organization', organizationId: String(record.param('organizationId')) } : null) },
    options: {
      navigation: records,
      // Who did what to whom, in words (src/audit/in-words.ts); the ids stay for filters and the export.
      listProperties: ['at', 'actorText', 'actionText', 'targetText', 'outcome'],
      showProperties: ['at', 'actorText', 'actionText', 'targetText', 'outcome', 'detailsText', 'rule', 'ip'],
      filterProperties: ['actorId', 'action', 'outcome', 'targetId', 'organizationId', 'at'],
      properties: {
        actorText: { type: 'string', isSortable: false },
        actionText: { type: 'string', isSortable: false },
        targetText: { type: 'string', isSortable: false },
        detailsText: { type: 'textarea', isSortable: false },
        outcome: { availableValues: choices(outcomeChoices) },
        // Filters by person and organisation are pickers over what the viewer sees, not id boxes.
        actorId: { type: 'reference', reference: 'User', isVisible: filterOnly },
        organizationId: { type: 'reference', reference: 'Organization', isVisible: filterOnly },
        action: { availableValues: choices(auditActionWords(ctx)), isVisible: filterOnly },
        targetId: { isVisible: filterOnly },
      },
      sort: { sortBy: 'at', direction: 'desc' },
      actions: { exportCsv: exportAction(components) },
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
    view: { permission: 'user.view', targetOf: null, everyoneLists: true },
    options: {
      navigation: records,
      titleProperty: 'subject',
      listProperties: ['createdAt', 'to', 'subject', 'kind', 'status'],
      showProperties: ['createdAt', 'to', 'subject', 'kind', 'text', 'status', 'attempts', 'sentAt', 'error'],
      filterProperties: ['to', 'kind', 'createdAt'],
      properties: {
        text: { type: 'textarea' },
        html: { isVisible: false },
        kind: { availableValues: choices(messageKindChoices) },
        status: { availableValues: choices(outboxStatusChoices) },
      },
      sort: { sortBy: 'createdAt', direction: 'desc' },
    },
  });
}
