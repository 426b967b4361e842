import { host } from './host.ts';
import { seed000 } from './seed000.ts';
import { seed001 } from './seed001.ts';
import { seed002 } from './seed002.ts';
import { seed003 } from './seed003.ts';
import { seed004 } from './seed004.ts';

/**
 * The shipped presets: one per seed product, and `host` for apps that grant their own permissions
 * through roles and policies. Each keeps its own catalog type.
 */
export const presets = { seed000, seed001, seed002, seed003, seed004, host } as const;

/** The organisation tree with one Compliance Officer per organisation is the demo's default. */
export const defaultPresetId = 'seed002';

export { allPermissions, definePreset, presetRoleGrants, toGrant } from './define.ts';
export { assertValidPreset, MAX_GRANTS_PER_POLICY, validatePreset } from './validate.ts';
export { host, seed000, seed001, seed002, seed003, seed004 };
export type * from './types.ts';
