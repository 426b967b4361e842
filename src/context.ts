// Everything a service needs, built once by createGatehouse and passed explicitly: no globals.
import type { ActorCache } from './authz/actor-cache.ts';
import type { GatehouseConfig } from './config/resolve.ts';
import type { GatehousePrisma } from './db/client.ts';
import type { Engine } from './engine/index.ts';
import type { Catalog } from './engine/types.ts';
import type { ActionDefinition } from './extensions/define-action.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Preset } from './presets/types.ts';
import type { ReadConnection } from './reads/read-connection.ts';

export interface GatehouseContext {
  readonly prisma: GatehousePrisma;
  /** The signed-in request's reads, as prepared statements beside the client (src/reads/). */
  readonly reads: ReadConnection;
  readonly provider: 'sqlite' | 'postgresql';
  readonly config: GatehouseConfig;
  readonly preset: Preset;
  readonly catalog: Catalog;
  readonly engine: Engine<Catalog>;
  readonly actors: ActorCache;
  readonly mailer: Mailer;
  /** The host's actions (defineAction), for the panel to show on their resources. */
  readonly actions: ActionDefinition[];
}
