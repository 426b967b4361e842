import type { AnyOperation } from '../../operations/operation.ts';
import { createPolicy } from './create.ts';
import { deletePolicy } from './delete.ts';
import { updatePolicy } from './update.ts';

export const policyOperations: readonly AnyOperation[] = [createPolicy, updatePolicy, deletePolicy];
export { createPolicy, deletePolicy, updatePolicy };
