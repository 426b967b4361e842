import type { AnyOperation } from '../../operations/operation.ts';
import { createRole } from './create.ts';
import { deleteRole } from './delete.ts';
import { migrateRole } from './migrate.ts';
import { previewRoleUpdate } from './preview-update.ts';
import { updateRole } from './update.ts';

export const roleOperations: readonly AnyOperation[] = [createRole, updateRole, previewRoleUpdate, deleteRole, migrateRole];
export { createRole, deleteRole, migrateRole, previewRoleUpdate, updateRole };
export type { MigrationResult } from './migrate.ts';
