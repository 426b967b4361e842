// Everything a service needs, built once by createGatehouse and passed explicitly: no globals. It
// never changes after construction: the catalog and the engine are fixed by the preset, the host's
// permissions and the actions it passes (defineAction may only add actions on declared permissions).
import type { ActorCache } from './authz/actor-cache.ts';
import type { GatehouseConfig } from './config/resolve.ts';
import type { GatehousePrisma } from './db/client.ts';
import type { Engine } from './engine/index.ts';
import type { Catalog } from './engine/types.ts';
import type { HostOperations } from './extensions/host-operations.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Preset } from './presets/types.ts';
import type { ReadConnection } from './reads/read-connection.ts';
import type { RateLimitBackend } from './auth/rate-limit-backend.ts';
import type { PasswordChecks } from './auth/passwords.ts';

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
  /** The host's defined actions, as operations; frozen by the first request. */
  readonly hostOperations: HostOperations;
  /** Where rate-limit counters live (the database, or Redis): shared by every instance. */
  readonly rateLimits: RateLimitBackend;
  /** Checks of typed passwords (sign-in, re-authentication), counted. */
  readonly passwords: PasswordChecks;
}
