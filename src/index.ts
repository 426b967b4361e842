// Gatehouse's public API: everything a host app imports comes from here.
export { createGatehouse, type Gatehouse } from './gatehouse.ts';
export type { GatehouseOptions, PasswordPolicy, Logger } from './config/options.ts';
export type { CoreCatalog, PermissionOf } from './engine/index.ts';
