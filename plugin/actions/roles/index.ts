// Role actions: migrate (R-MIG-1) and, through the roles service, create / edit / delete.
import type { GatehouseContext } from '../../../src/context.ts';
import type { PanelComponents } from '../../components/registry.ts';

export function roleActions(_ctx: GatehouseContext, _components: PanelComponents): Record<string, object> {
  return {};
}
