// The AdminJS instance, configured for the mount path the host uses, and the router that serves it.
// Both are built on the first request that needs them, not in createGatehouse: the host defines its
// actions (defineAction) after createGatehouse returns, and AdminJS fixes a resource's actions when
// the instance is built.
import { buildRouter } from '@adminjs/express';
import AdminJS, { type ResourceWithOptions } from 'adminjs';
import express, { type RequestHandler, type Router } from 'express';
import type { HostResource } from '../src/config/options.ts';
import type { GatehouseContext } from '../src/context.ts';
import { builtInOperations } from '../src/operations/built-in.ts';
import { operationActions } from './operations/panel-action.ts';
import { panelSubmitRoutes } from './operations/panel-submit.ts';
import { type PanelComponents, panelComponents } from './components/registry.ts';
import { dashboardHandler } from './dashboard/handler.ts';
import { panelTranslations } from './labels.ts';
import { acceptInvitationRoutes } from './invitation-page/routes.ts';
import { panelAssets } from './panel-assets.ts';
import { panelErrors, panelRequestGuard } from './panel-errors.ts';
import { myProfilePage } from './profile/page.ts';
import { hostResource, type ResolvedHostResource, resolveHostResources } from './resources/host.ts';
import { gatehouseResources } from './resources/index.ts';

/** Adds the host's defined actions to the resources they name; a name a resource already uses is a configuration error. */
function withDefinedActions(ctx: GatehouseContext, resources: ResourceWithOptions[], components: PanelComponents): ResourceWithOptions[] {
  const operations = ctx.hostOperations.operations;
  const placed = new Set<string>();
  const result = resources.map((entry) => {
    const resourceId = (entry.resource as { id(): string }).id();
    const defined = operationActions(ctx, operations, resourceId, components);
    const existing = (entry.options.actions ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(defined)) {
      if (Object.hasOwn(existing, name)) throw new Error(`defineAction: ${resourceId} already has a panel action "${name}"; choose another name`);
      placed.add(`${resourceId}.${name}`);
    }
    return Object.keys(defined).length === 0 ? entry : { ...entry, options: { ...entry.options, actions: { ...existing, ...defined } } };
  });
  for (const definition of ctx.hostOperations.definitions) {
    if (!placed.has(`${definition.resource}.${definition.name}`)) {
      ctx.config.logger.warn(`defineAction: ${definition.resource} is not a panel resource (add it to \`resources\`); "${definition.name}" is offered by the REST API only`);
    }
  }
  return result as ResourceWithOptions[];
}

export function createAdmin(ctx: GatehouseContext, hostResources: readonly ResolvedHostResource[] = []): AdminJS {
  const root = ctx.config.mountPath;
  const components = panelComponents();
  const resources = [...gatehouseResources(ctx, components), ...hostResources.map((resource) => hostResource(ctx, resource))];
  return new AdminJS({
    rootPath: root,
    loginPath: `${root}/login`,
    logoutPath: `${root}/logout`,
    componentLoader: components.loader,
    resources: withDefinedActions(ctx, resources, components),
    dashboard: { component: components.ids.Dashboard, handler: dashboardHandler(ctx) },
    pages: { myProfile: myProfilePage(ctx, components) },
    locale: { language: 'en', availableLanguages: ['en'], translations: { en: panelTranslations } },
    branding: { companyName: ctx.config.productName, withMadeWithLove: false },
    settings: { defaultPerPage: 20 },
  });
}

/** The panel's routes: the prebuilt components bundle, the invitation page, then AdminJS's own. */
export function panelRouter(ctx: GatehouseContext, admin: AdminJS): Router {
  const router = express.Router();
  router.use(panelAssets(admin, ctx.config.logger));
  router.use(acceptInvitationRoutes(ctx));
  router.use(panelRequestGuard(admin));
  router.use(panelSubmitRoutes(ctx, () => [...builtInOperations, ...ctx.hostOperations.operations]));
  router.use(buildRouter(admin));
  router.use(panelErrors(ctx.config.logger));
  return router;
}

export interface LazyPanel {
  /** The AdminJS instance; the first call builds the panel, later ones (and concurrent ones) share it. */
  admin(): Promise<AdminJS>;
  /** Serves the panel, waiting for the build on the first request. */
  readonly router: RequestHandler;
}

export interface PanelOptions {
  /** The host's models to show (createGatehouse's `resources`). */
  readonly resources?: readonly HostResource[];
  /** The host's PrismaClient, whose runtime model the host resources are read from. */
  readonly hostClient?: unknown;
}

export function lazyPanel(ctx: GatehouseContext, options: PanelOptions = {}): LazyPanel {
  // Resolved now, so that a wrong model or permission stops createGatehouse rather than a page view.
  const hostResources = resolveHostResources(ctx, options.resources ?? [], options.hostClient);
  let building: Promise<{ admin: AdminJS; router: Router }> | null = null;
  const build = () => {
    building ??= Promise.resolve().then(() => {
      const admin = createAdmin(ctx, hostResources);
      return { admin, router: panelRouter(ctx, admin) };
    });
    return building;
  };
  return {
    admin: () => build().then((panel) => panel.admin),
    router: (req, res, next) => {
      build().then((panel) => panel.router(req, res, next), next);
    },
  };
}
