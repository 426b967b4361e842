// A personal API key (R-KEY-1) for the organisation it acts in: `apikey.create` there, asked of the
// engine like every other action. Minting one needs a signed-in session (a leaked key must not be
// able to mint more). The key is in this answer only; the database keeps its hash.
import { z } from 'zod';
import { forbidden, GatehouseError } from '../../errors/gatehouse-error.ts';
import { recordId } from '../../http/inputs.ts';
import { organizationChoices } from '../../operations/choices.ts';
import { defineOperation } from '../../operations/operation.ts';
import { newApiKey } from '../keys.ts';
import { apiKeyView, type ApiKeyView, keySelect, serializeKey } from '../view.ts';

/** Live keys per user: enough for every script, few enough to review. */
export const MAX_ACTIVE_KEYS = 25;

export const createApiKey = defineOperation({
  key: 'apikey.create',
  permission: 'apikey.create',
  label: 'New API key',
  summary: 'Create a personal API key (needs apikey.create and a signed-in session); the key is shown once (R-KEY-1)',
  rules: ['R-KEY-1', 'R-TENANT-1', 'R-READ-1'],
  needs: 'session',
  input: z.strictObject({
    name: z.string().trim().min(1).max(100),
    organizationId: recordId.optional().describe('The organisation the key acts in; default the first where you may create keys'),
  }),
  rest: {
    method: 'post',
    path: '/me/api-keys',
    status: 201,
    tag: 'api-keys',
    errors: [409],
    response: apiKeyView.extend({ key: z.string().describe('Send as `Authorization: Bearer <key>`; shown only now') }),
  },
  panel: {
    resource: 'ApiKey',
    name: 'new',
    kind: 'resource',
    view: 'form',
    icon: 'Key',
    async form({ ctx, who }) {
      const organizations = await organizationChoices(ctx, who, 'apikey.create');
      return {
        intro: 'The key is shown once, right after it is created; keep it somewhere safe. It acts with your permissions in the organisation you choose.',
        fields: {
          name: { label: 'Name', help: 'What the key is for, e.g. "Nightly export".' },
          organizationId: { label: 'Organisation', type: 'select', options: organizations.map((organization) => ({ value: organization.id, label: organization.name })), hidden: organizations.length < 2 },
        },
        submitLabel: 'Create key',
      };
    },
    done: () => 'The API key is created',
    shows: (result) => ({ title: 'Your new API key (shown once)', lines: [(result as { key: string }).key] }),
  },
  audit: { targetType: 'apiKey' },
  async load(db, { who, input }) {
    const memberships = await db.membership.findMany({ where: { userId: who.userId }, select: { organizationId: true }, orderBy: { createdAt: 'asc' } });
    const active = await db.apiKey.count({ where: { userId: who.userId, revokedAt: null } });
    return { memberships: memberships.map((membership) => membership.organizationId), active, requested: input.organizationId };
  },
  checks: ({ memberships, requested }, { ctx, who }) => {
    // The organisation named, or the first where the engine allows it; without one, the first
    // membership is asked so that the denial names the rule that refused.
    const organizationId = requested ?? memberships.find((id) => ctx.engine.decide(who.actor, 'apikey.create', { kind: 'organization', organizationId: id }).allowed) ?? memberships[0];
    if (organizationId === undefined) return [];
    return [{ action: 'apikey.create', target: { kind: 'organization', organizationId }, subject: { targetType: 'organization', targetId: organizationId, organizationId } }];
  },
  refuse: ({ memberships, requested, active }) => {
    if (requested === undefined && memberships.length === 0) return forbidden('R-PERM-1', 'Your role does not allow personal API keys');
    return active >= MAX_ACTIVE_KEYS ? new GatehouseError('CONFLICT', `At most ${MAX_ACTIVE_KEYS} active keys; revoke one first`) : null;
  },
  async apply(tx, { memberships, requested }, { ctx, who, input }) {
    const organizationId = requested ?? memberships.find((id) => ctx.engine.decide(who.actor, 'apikey.create', { kind: 'organization', organizationId: id }).allowed) ?? null;
    const issued = newApiKey();
    const row = await tx.apiKey.create({
      data: { userId: who.userId, organizationId, name: input.name, prefix: issued.prefix, hash: issued.hash, createdAt: ctx.config.now() },
      select: keySelect,
    });
    return { row, key: issued.key };
  },
  auditTarget: ({ row }) => row.id,
  auditDetails: (_facts, { row }) => ({ name: row.name, prefix: row.prefix }),
  view: ({ row, key }): ApiKeyView & { key: string } => ({ ...serializeKey(row), key }),
});
