import type { AnyOperation } from '../../operations/operation.ts';
import { createSubOrganization } from './create.ts';
import { updateOrganization } from './update.ts';

export const organizationOperations: readonly AnyOperation[] = [createSubOrganization, updateOrganization];
export { createSubOrganization, updateOrganization };
