import type { AnyOperation } from '../../operations/operation.ts';
import { createSubOrganization } from './create.ts';
import { transferOwnership } from './transfer-ownership.ts';
import { updateOrganization } from './update.ts';

export const organizationOperations: readonly AnyOperation[] = [createSubOrganization, updateOrganization, transferOwnership];
export { createSubOrganization, transferOwnership, updateOrganization };
