// Support's impersonation (R-IMP-1): start it on a user, stop it from inside.
import type { AnyOperation } from '../../operations/operation.ts';
import { startImpersonation } from './start.ts';
import { stopImpersonation } from './stop.ts';

export const impersonationOperations: readonly AnyOperation[] = [startImpersonation, stopImpersonation];

export { startImpersonation, stopImpersonation };
