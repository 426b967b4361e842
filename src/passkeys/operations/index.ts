// Every operation on passkeys (R-PASSKEY-1): one's own (My profile, /me/passkeys) and an
// administrator's on another user's.
import type { AnyOperation } from '../../operations/operation.ts';
import { addPasskey, startPasskeyEnrolment } from './enrol.ts';
import { removeOwnPasskey, removeUserPasskey, renamePasskey } from './manage.ts';

export const passkeyOperations: readonly AnyOperation[] = [startPasskeyEnrolment, addPasskey, renamePasskey, removeOwnPasskey, removeUserPasskey];
export { addPasskey, removeOwnPasskey, removeUserPasskey, renamePasskey, startPasskeyEnrolment };
