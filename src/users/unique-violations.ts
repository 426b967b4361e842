// The races the database decides for the user services, and what each one answers.
import { GatehouseError } from '../errors/gatehouse-error.ts';
import type { UniqueViolation } from '../operations/operation.ts';

/** R-UNIQ-1: two requests gave one unique role to two members at once; the unique index kept one. */
export const uniqueRoleViolation: UniqueViolation = {
  field: 'uniqueRoleId',
  rule: 'R-UNIQ-1',
  error: () => new GatehouseError('UNIQUE_ROLE_TAKEN', undefined, { rule: 'R-UNIQ-1' }),
};

export const emailViolation: UniqueViolation = { field: 'email', error: () => new GatehouseError('EMAIL_TAKEN') };
export const usernameViolation: UniqueViolation = { field: 'username', error: () => new GatehouseError('USERNAME_TAKEN') };
/** Two requests added the same user to the same organisation at once. */
export const membershipViolation: UniqueViolation = {
  field: 'userId',
  error: () => new GatehouseError('CONFLICT', 'The user is already a member of this organisation'),
};
