// Built-in roles and preset policies come from the preset (R-ROLE-1): nobody changes them through
// the API or the panel, whatever their permissions. The refusal names its rule, so the pipeline
// audits it like an engine denial.
import { GatehouseError } from '../errors/gatehouse-error.ts';

export function builtInRefusal(kind: 'role' | 'policy'): GatehouseError {
  const what = kind === 'role' ? 'Built-in roles' : 'Preset policies';
  return new GatehouseError('BUILT_IN_READ_ONLY', `${what} come from the preset and cannot be changed here`, { rule: 'R-ROLE-1' });
}
