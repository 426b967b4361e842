// createGatehouse: builds the context once and mounts the REST API and the AdminJS panel on one
// router, behind one session and one authentication step.
import { buildRouter } from '@adminjs/express';
import express, { type Router } from 'express';
import helmet from 'helmet';
import { createAdmin } from '../plugin/admin.ts';
import { panelGate } from '../plugin/panel-gate.ts';
import { panelLoginRoutes } from '../plugin/login-routes.ts';
import { apiRouter } from './api/router.ts';
import { allRoutes } from './api/routes.ts';
import { authenticate } from './auth/authenticate.ts';
import { sessionMiddleware } from './auth/session.ts';
import { ActorCache } from './authz/actor-cache.ts';
import type { GatehouseOptions } from './config/options.ts';
import { type GatehouseConfig, resolveConfig } from './config/resolve.ts';
import type { GatehouseContext } from './context.ts';
import { type GatehousePrisma, openPrisma } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { describeDatabase, parseDatabaseUrl } from './db/url.ts';
import { createEngine, extendCatalog, type Engine } from './engine/index.ts';
import type { Catalog } from './engine/types.ts';
import type { AnyRoute } from './http/route.ts';
import { Mailer } from './mail/mailer.ts';
import { presets } from './presets/index.ts';
import type { Preset } from './presets/types.ts';
import { syncPreset } from './roles/sync-preset.ts';

export const DEFAULT_DATABASE_URL = 'file:./data/gatehouse.db';

export interface Gatehouse<C extends Catalog = Catalog> {
  /** Mount it: `app.use('/admin', gatehouse.router)` (the path given as `mountPath`). */
  readonly router: Router;
  readonly engine: Engine<C>;
  readonly context: GatehouseContext;
  readonly config: GatehouseConfig;
  /** Stops timers and closes the database connection the router opened. */
  close(): Promise<void>;
}

function resolvePreset(preset: GatehouseOptions['preset']): Preset {
  if (preset === undefined) return presets.seed002 as unknown as Preset;
  if (typeof preset === 'string') {
    // Each shipped preset keeps its own catalog type; here any of them will do.
    const found = (presets as Readonly<Record<string, unknown>>)[preset] as Preset | undefined;
    if (!found) throw new Error(`createGatehouse: unknown preset "${preset}"`);
    return found;
  }
  return preset;
}

async function openDatabase(options: GatehouseOptions, config: GatehouseConfig): Promise<{ prisma: GatehousePrisma; provider: 'sqlite' | 'postgresql'; owned: boolean }> {
  if (options.prisma) {
    const provider = (options.prisma as unknown as { _engineConfig?: { activeProvider?: string } })._engineConfig?.activeProvider === 'postgresql' ? 'postgresql' : 'sqlite';
    return { prisma: options.prisma, provider, owned: false };
  }
  const target = parseDatabaseUrl(options.databaseUrl ?? DEFAULT_DATABASE_URL);
  if (options.migrate !== false) {
    const applied = await migrate(target);
    if (applied.length > 0) config.logger.info(`applied ${applied.length} migration(s) to ${describeDatabase(target)}`);
  }
  return { prisma: openPrisma(target), provider: target.provider, owned: true };
}

export async function createGatehouse<const C extends Catalog = {}>(options: GatehouseOptions<C>): Promise<Gatehouse<Catalog & C>> {
  const preset = resolvePreset(options.preset);
  const catalog = extendCatalog(preset.catalog, options.permissions ?? ({} as C));
  const config = resolveConfig(options);
  const { prisma, provider, owned } = await openDatabase(options, config);
  const engine = createEngine({ catalog, ownerHasAllPermissions: preset.ownerHasAllPermissions });
  const mailer = new Mailer(prisma, { smtpUrl: config.mail.smtpUrl, from: config.mail.from, onMessage: config.mail.onMessage, logger: config.logger });
  const ctx: GatehouseContext = { prisma, provider, config, preset, catalog, engine: engine as unknown as Engine<Catalog>, actors: new ActorCache(), mailer };
  await syncPreset(ctx);

  const routes: AnyRoute[] = allRoutes(ctx);
  const sessions = sessionMiddleware(ctx);
  const admin = createAdmin(ctx);
  const router = express.Router();
  router.use(
    helmet({
      // AdminJS renders its state into an inline script and loads its own bundles.
      contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:', 'https:'] } },
    }),
  );
  router.use(sessions.middleware);
  router.use(authenticate(ctx));
  router.use('/api/v1', apiRouter(ctx, routes));
  router.use(panelLoginRoutes(ctx, admin));
  router.use(panelGate(ctx));
  router.use(buildRouter(admin));

  return {
    router,
    engine,
    context: ctx,
    config,
    async close() {
      await sessions.store.shutdown();
      if (owned) await prisma.$disconnect();
    },
  };
}
