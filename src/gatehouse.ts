// createGatehouse: builds the context once and mounts the REST API and the AdminJS panel on one
// router, behind one session and one authentication step.
import express, { type RequestHandler, type Response, type Router } from 'express';
import type { Principal } from './authz/principal.ts';
import { requestState } from './http/state.ts';
import type { z } from 'zod';
import { hardenedPanelPages } from '../plugin/page-hardening.ts';
import { inSequence } from './http/in-sequence.ts';
import { securityHeaders } from './http/security-headers.ts';
import { lazyPanel } from '../plugin/lazy-panel.ts';
import { panelGate } from '../plugin/panel-gate.ts';
import { panelLoginRoutes } from '../plugin/login-routes.ts';
import { passwordPages } from '../plugin/password-pages/routes.ts';
import { emailChangePages } from '../plugin/email-change-page/routes.ts';
import { createApi } from './api/router.ts';
import { API_PATH, isApiCall } from './http/api-path.ts';
import { allRoutes } from './api/routes.ts';
import { authenticate } from './auth/authenticate.ts';
import { apiCaller } from './auth/api-caller.ts';
import { cookieIdentifier } from './auth/cookie-identity.ts';
import { openRateLimitBackend } from './auth/rate-limit-backend.ts';
import { sessionMiddleware } from './auth/session.ts';
import { ActorCache } from './authz/actor-cache.ts';
import type { GatehouseOptions } from './config/options.ts';
import { type GatehouseConfig, resolveConfig } from './config/resolve.ts';
import type { GatehouseContext } from './context.ts';
import { type GatehousePrisma, openPrisma } from './db/client.ts';
import { openHostClient } from './db/host-client.ts';
import { migrate } from './db/migrate.ts';
import { type DatabaseTarget, describeDatabase, parseDatabaseUrl } from './db/url.ts';
import { type CoreCatalog, createEngine, extendCatalog, type Engine, type PermissionOf } from './engine/index.ts';
import { problemMiddleware } from './errors/problem.ts';
import type { ActionDefinition } from './extensions/define-action.ts';
import { HostOperations, permissionsOfActions } from './extensions/host-operations.ts';
import { operationRoute, operationRoutes } from './operations/rest.ts';
import { requirePermission, type RequirePermissionOptions } from './extensions/require-permission.ts';
import type { Catalog } from './engine/types.ts';
import type { AnyRoute } from './http/route.ts';
import { Mailer } from './mail/mailer.ts';
import { startAccessExpirySweep } from './access-expiry/timer.ts';
import { PasswordChecks } from './auth/passwords.ts';
import { settledPasswordResetRequests } from './password-resets/request.ts';
import { reservedPermissionsOf } from './presets/define.ts';
import { presets } from './presets/index.ts';
import { openReads } from './reads/open.ts';
import type { Preset, PresetId } from './presets/types.ts';
import { presetDrifted } from './roles/preset-drift.ts';
import { syncPreset } from './roles/sync-preset.ts';
import { type OrganizationNotice, sendNotices } from './organizations/notices.ts';
import { requireMountPath } from './host-checks/mount-path.ts';
import { warnOnInsecureRequests } from './host-checks/trust-proxy.ts';
import { assertZod4Schema } from './host-checks/zod-schema.ts';

export const DEFAULT_DATABASE_URL = 'file:./data/gatehouse.db';

export interface Gatehouse<C extends Catalog = Catalog> {
  /** Mount it: `app.use('/admin', gatehouse.router)` (the path given as `mountPath`). */
  readonly router: Router;
  readonly engine: Engine<C>;
  readonly context: GatehouseContext;
  readonly config: GatehouseConfig;
  /** Who is calling, once Gatehouse's middleware (the router or requirePermission) has run. */
  principalOf(res: Response): Principal | null;
  /** Express middleware for the host's own routes, decided by the same engine (401 / 403 problem+json). */
  requirePermission(action: PermissionOf<C>, options?: RequirePermissionOptions): RequestHandler;
  /**
   * One host action on a record: an AdminJS action, a REST route, an audit event per call and an
   * OpenAPI entry. Its permission must be in the catalog (declared in `permissions`, or used by an
   * action passed to createGatehouse), and it must be defined before the first request.
   */
  defineAction<I extends z.ZodType, R>(definition: ActionDefinition<PermissionOf<C>, I, R>): void;
  /**
   * Sends the host's own notice to an organisation, where Gatehouse's notices go: its notification
   * e-mail, else the holders of its unique role, else its owner (R-NOTIFY-1). Answers how many
   * messages were sent; an unknown organisation gets none.
   */
  notifyOrganization(organizationId: string, notice: OrganizationNotice): Promise<number>;
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

interface OpenedDatabase {
  readonly prisma: GatehousePrisma;
  readonly provider: 'sqlite' | 'postgresql';
  readonly owned: boolean;
  /** Where the reads of src/reads/ connect; null when only the host's client knows. */
  readonly target: DatabaseTarget | null;
}

async function openDatabase(options: GatehouseOptions, config: GatehouseConfig): Promise<OpenedDatabase> {
  if (options.prisma) return openHostClient({ prisma: options.prisma, databaseUrl: options.databaseUrl, migrate: options.migrate }, config.logger);
  const target = parseDatabaseUrl(options.databaseUrl ?? DEFAULT_DATABASE_URL);
  if (options.migrate !== false) {
    const applied = await migrate(target);
    if (applied.length > 0) config.logger.info(`applied ${applied.length} migration(s) to ${describeDatabase(target)}`);
  }
  return { prisma: openPrisma(target, { timeoutMs: options.databaseTimeoutMs }), provider: target.provider, owned: true, target };
}

/** The catalog type of a shipped preset chosen by id, so that host code type-checks its keys against it. */
export type PresetCatalog<P> = [P] extends [keyof typeof presets] ? (typeof presets)[P]['catalog'] : CoreCatalog;

export async function createGatehouse<const C extends Catalog = {}, const P extends PresetId | Preset = 'seed002'>(options: GatehouseOptions<C> & { readonly preset?: P }): Promise<Gatehouse<PresetCatalog<P> & C>> {
  const preset = resolvePreset(options.preset);
  const config = resolveConfig(options, preset.passwordPolicy);
  const declared = extendCatalog(preset.catalog, options.permissions ?? ({} as C));
  const actions = (options.actions ?? []) as readonly ActionDefinition[];
  const catalog = extendCatalog(declared, permissionsOfActions(declared, actions));
  const { prisma, provider, owned, target } = await openDatabase(options, config);
  const reads = await openReads(target, prisma, provider, (error) => config.logger.error('a connection of the read pool failed', error), options.databaseTimeoutMs);
  const engine = createEngine({ catalog, ownerHasAllPermissions: preset.ownerHasAllPermissions, reservedPermissions: reservedPermissionsOf(preset) });
  const mailer = new Mailer(prisma, {
    smtpUrl: config.mail.smtpUrl,
    from: config.mail.from,
    onMessage: config.mail.onMessage,
    encryptionKey: config.encryptionKey,
    now: config.now,
    provider,
    timeoutMs: config.mail.timeoutMs,
    retry: config.mail.retry,
    logger: config.logger,
    reads,
  });
  const rateLimits = await openRateLimitBackend({ prisma, provider, config });
  const hostOperations = new HostOperations(catalog);
  for (const action of actions) hostOperations.add(action);
  const ctx: GatehouseContext = Object.freeze({
    prisma,
    reads,
    provider,
    config,
    preset,
    catalog,
    engine: engine as unknown as Engine<Catalog>,
    actors: new ActorCache(),
    mailer,
    rateLimits,
    hostOperations,
    passwords: new PasswordChecks(config.passwordHashing),
  });
  if (await presetDrifted(ctx, preset)) await syncPreset(ctx);
  mailer.start();
  const accessExpiry = startAccessExpirySweep(ctx);

  const routes: AnyRoute[] = [...allRoutes(ctx), ...operationRoutes(ctx, hostOperations.operations)];
  const sessions = sessionMiddleware(ctx);
  const sessionSteps = inSequence(sessions.middleware, authenticate(ctx, 'router'));
  const identifier = cookieIdentifier(ctx, sessions.store);
  // Built on the first request that reaches the panel, after the host's defineAction calls.
  const panel = lazyPanel(ctx, { resources: options.resources ?? [], hostClient: options.prisma });
  const router = express.Router();
  router.use(
    inSequence(
      // The first request fixes what the panel and the API show.
      (req, _res, next) => {
        hostOperations.freeze(`${req.method} ${req.originalUrl}`);
        next();
      },
      requireMountPath(config.mountPath, config.logger),
      warnOnInsecureRequests(config.session.secureCookies, config.logger),
      securityHeaders(),
      hardenedPanelPages(),
      // The REST API finds its caller once a request has found its route (src/auth/api-caller.ts).
      (req, res, next) => (isApiCall(req.path) ? next() : sessionSteps(req, res, next)),
    ),
  );
  const api = createApi(ctx, routes, apiCaller(inSequence(sessions.middleware, authenticate(ctx, 'api')), identifier));
  router.use(API_PATH, ...api.handlers);
  router.use(panelLoginRoutes(ctx, panel.admin));
  router.use(passwordPages(ctx));
  router.use(emailChangePages(ctx));
  router.use(panelGate(ctx));
  router.use(panel.router);
  // Errors outside the REST API's own handler (the session store, the sign-in pages, the panel's
  // gate) are answered the same way: a database fault is a 503, never the host's HTML stack trace.
  router.use(problemMiddleware((error) => config.logger.error('unexpected error in a Gatehouse route', error)));

  return {
    router,
    engine: engine as unknown as Engine<PresetCatalog<P> & C>,
    context: ctx,
    config,
    principalOf: (res) => requestState(res).principal,
    requirePermission: (action, requireOptions) => requirePermission(ctx, identifier, action, requireOptions),
    defineAction(definition) {
      assertZod4Schema(definition.input, `defineAction "${definition.name}": input`);
      api.addRoute(operationRoute(ctx, hostOperations.add(definition as ActionDefinition)));
    },
    notifyOrganization: (organizationId, notice) => sendNotices(ctx, [organizationId], notice),
    async close() {
      await settledPasswordResetRequests(ctx);
      await accessExpiry.stop();
      await sessions.store.shutdown();
      await reads.close();
      await rateLimits.close();
      await mailer.stop();
      if (owned) await prisma.$disconnect();
    },
  };
}
