import type { AnyOperation } from '../../operations/operation.ts';
import { createApiKey } from './create.ts';
import { revokeApiKey } from './revoke.ts';

export const apiKeyOperations: readonly AnyOperation[] = [createApiKey, revokeApiKey];
export { createApiKey, revokeApiKey };
