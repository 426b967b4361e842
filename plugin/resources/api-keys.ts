// One's own personal API keys (R-KEY-1): every signed-in user sees only their own, creates one
// (shown once) and revokes it, through the API-key operations. The hash never reaches the panel.
import type { ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { builtInOperations } from '../../src/operations/built-in.ts';
import type { PanelComponents } from '../components/registry.ts';
import { operationActions } from '../operations/panel-action.ts';
import type { ModelScope } from '../scoped-resource.ts';
import { modelResource } from './model-resource.ts';
import { account } from './navigation.ts';

const ownKeys: ModelScope = { where: (who) => ({ userId: who.userId }) };

export function apiKeysResource(ctx: GatehouseContext, components: PanelComponents): ResourceWithOptions {
  return modelResource(ctx, {
    model: 'ApiKey',
    label: 'API keys',
    scope: ownKeys,
    // One's own keys only (the scope), which R-SELF-2 lets everyone see.
    view: { permission: 'user.view', targetOf: null },
    options: {
      navigation: account,
      titleProperty: 'name',
      listProperties: ['name', 'prefix', 'organization', 'createdAt', 'lastUsedAt', 'revokedAt'],
      showProperties: ['name', 'prefix', 'organization', 'createdAt', 'lastUsedAt', 'revokedAt'],
      filterProperties: ['name'],
      properties: { user: { isVisible: false }, userId: { isVisible: false } },
      sort: { sortBy: 'createdAt', direction: 'desc' },
      actions: operationActions(ctx, builtInOperations, 'ApiKey', components),
    },
  });
}
