// Gatehouse's public API: everything a host app imports comes from here. The package's `exports`
// map allows no deep imports, so whatever is not re-exported below is internal and may change.
// Types go through `export type`, so that importing them never loads a module at run time.

// Mounting it.
export { createGatehouse, DEFAULT_DATABASE_URL, type Gatehouse } from './gatehouse.ts';
export type { OrganizationNotice } from './organizations/notices.ts';
export type { GatehouseOptions, HostPrismaClient, HostResource, Logger, PasswordPolicy } from './config/options.ts';
export type { GatehouseConfig } from './config/resolve.ts';
export type { GatehouseContext } from './context.ts';

// Extending it from the host's own routes and models.
export { defineAction } from './extensions/define-action.ts';
export type { ActionCall, ActionDefinition } from './extensions/define-action.ts';
export type { RequirePermissionOptions } from './extensions/require-permission.ts';
export type { Principal } from './authz/principal.ts';

// The role engine's vocabulary: catalogs, permissions, decisions.
export { coreCatalog, extendCatalog } from './engine/index.ts';
export type {
  Actor,
  Catalog,
  CoreCatalog,
  CorePermission,
  Decision,
  Engine,
  PermissionOf,
  PermissionSpec,
  RuleId,
  Target,
  WhereMapping,
} from './engine/index.ts';

// Role presets: the five shipped ones, and the helper to write one's own.
export { definePreset, presets } from './presets/index.ts';
export type { AccessRight, Preset, PresetId, PresetOf, PresetPolicy, PresetRole } from './presets/index.ts';

// The first organisation and its owner, for a host's installation script (with gatehouse.context).
export { createMember, createOrganization, type BootstrapUser } from './setup/bootstrap.ts';

// The host's own PrismaClient, built like Gatehouse's (serialized on SQLite, adapter from the URL).
export { createPrismaClient, type PrismaClientClass } from './db/create-prisma-client.ts';

// Migrations: Gatehouse's own (for hosts that pass `migrate: false` and apply them in a deploy
// step), and the host's own models' migrations, applied beside them and recorded in the same ledger.
export { migrate, migrateHostModels, type HostMigrationOptions } from './db/migrate.ts';
export { parseDatabaseUrl, type DatabaseTarget } from './db/url.ts';

// What services throw (e.g. createMember with a password the policy refuses).
export { GatehouseError, isGatehouseError } from './errors/gatehouse-error.ts';
export type { ErrorCode } from './errors/codes.ts';
