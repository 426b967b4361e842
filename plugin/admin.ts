// The AdminJS instance, configured for the mount path the host uses, and the router that serves it.
import { buildRouter } from '@adminjs/express';
import AdminJS from 'adminjs';
import express, { type Router } from 'express';
import type { GatehouseContext } from '../src/context.ts';
import { panelComponents } from './components/registry.ts';
import { dashboardHandler } from './dashboard/handler.ts';
import { panelTranslations } from './labels.ts';
import { acceptInvitationRoutes } from './invitation-page/routes.ts';
import { panelAssets } from './panel-assets.ts';
import { myProfilePage } from './profile/page.ts';
import { gatehouseResources } from './resources/index.ts';

export function createAdmin(ctx: GatehouseContext): AdminJS {
  const root = ctx.config.mountPath;
  const components = panelComponents();
  return new AdminJS({
    rootPath: root,
    loginPath: `${root}/login`,
    logoutPath: `${root}/logout`,
    componentLoader: components.loader,
    resources: gatehouseResources(ctx, components),
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
  router.use(buildRouter(admin));
  return router;
}
