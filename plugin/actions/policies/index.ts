// Policy actions: create and edit with the permission picker, delete; through the policies service.
import type { GatehouseContext } from '../../../src/context.ts';
import type { PanelComponents } from '../../components/registry.ts';

export function policyActions(_ctx: GatehouseContext, _components: PanelComponents): Record<string, object> {
  return {};
}
