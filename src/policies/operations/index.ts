import type { AnyOperation } from '../../operations/operation.ts';
import { createPolicy } from './create.ts';
import { deletePolicy } from './delete.ts';
import { previewPolicyUpdate } from './preview-update.ts';
import { updatePolicy } from './update.ts';

export const policyOperations: readonly AnyOperation[] = [createPolicy, updatePolicy, previewPolicyUpdate, deletePolicy];
export { createPolicy, deletePolicy, previewPolicyUpdate, updatePolicy };
