// The AdminJS instance, configured for the mount path the host uses, and the router that serves it.
// Both are built on the first request that needs them (lazy-panel.ts), not in createGatehouse.
import type { BrandingOptions, ResourceWithOptions } from 'adminjs';
import express, { type Router } from 'express';
import { AdminJS, buildRouter } from './adminjs-runtime.ts';
import { accountSwitchRoutes } from './account-switch.ts';
import { FAVICON, SYSTEM_FONT } from './brand.ts';
import type { GatehouseContext } from '../src/context.ts';
import { builtInOperations } from '../src/operations/built-in.ts';
import { operationActions } from './operations/panel-action.ts';
import { panelSubmitRoutes } from './operations/panel-submit.ts';
import { type PanelComponents, panelComponents } from './components/registry.ts';
import { dashboardHandler } from './dashboard/handler.ts';
import { panelLocale } from './labels.ts';
import { acceptInvitationRoutes } from './invitation-page/routes.ts';
import { PANEL_STYLES_PATH, panelAssets } from './panel-assets.ts';
import { jsonForAdminJs, panelApiNotFound, panelErrors, panelRequestGuard } from './panel-errors.ts';
import { myProfilePage } from './profile/page.ts';
import { hostResource } from './resources/host.ts';
import type { ResolvedHostResource } from './resources/resolve-host.ts';
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

/**
 * The host's product name where AdminJS would show its own logo and name, the system's fonts, and
 * the navigation kept beside the page from 1200 px wide (AdminJS: 1324), so that on a common
 * 1280 px screen staff see it without opening a menu.
 */
function panelBranding(productName: string): BrandingOptions {
  // The design system's `font` is a plain string and `breakpoints` a list (its merge takes both),
  // though its override type declares every key a record.
  const theme = { font: SYSTEM_FONT, breakpoints: ['577px', '769px', '1024px', '1200px'] } as unknown as BrandingOptions['theme'];
  return { companyName: productName, logo: false, favicon: FAVICON, withMadeWithLove: false, theme };
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
    assets: { styles: [`${root}${PANEL_STYLES_PATH}`] },
    resources: withDefinedActions(ctx, resources, components),
    dashboard: { component: components.ids.Dashboard, handler: dashboardHandler(ctx) },
    pages: { myProfile: myProfilePage(ctx, components) },
    locale: { language: 'en', availableLanguages: ['en'], translations: { en: panelLocale([...builtInOperations, ...ctx.hostOperations.operations]) } },
    branding: panelBranding(ctx.config.productName),
    settings: { defaultPerPage: 20 },
  });
}

/** The panel's routes: the prebuilt components bundle, the invitation page, then AdminJS's own. */
export function panelRouter(ctx: GatehouseContext, admin: AdminJS): Router {
  const router = express.Router();
  router.use(panelAssets(admin, ctx.config.logger));
  router.use(acceptInvitationRoutes(ctx));
  router.use(accountSwitchRoutes(ctx));
  router.use(panelRequestGuard(admin));
  router.use(panelSubmitRoutes(ctx, () => [...builtInOperations, ...ctx.hostOperations.operations]));
  router.use(jsonForAdminJs());
  router.use(buildRouter(admin));
  router.use(panelApiNotFound());
  router.use(panelErrors(ctx.config.logger));
  return router;
}

/** The panel, built: what lazy-panel.ts loads on the first request that needs it. */
export function buildPanel(ctx: GatehouseContext, hostResources: readonly ResolvedHostResource[]): { admin: AdminJS; router: Router } {
  const admin = createAdmin(ctx, hostResources);
  return { admin, router: panelRouter(ctx, admin) };
}
