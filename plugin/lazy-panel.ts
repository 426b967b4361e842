// The panel, built on the first request that needs it — and AdminJS imported only then. Importing
// AdminJS loads its React front end and bundler (some 1 900 modules, over a second of start-up and
// tens of MiB that a REST-only client never uses), so createGatehouse does not: the REST API and
// sign-in answer while the panel is still unbuilt.
import type AdminJS from 'adminjs';
import type { RequestHandler, Router } from 'express';
import type { HostResource } from '../src/config/options.ts';
import type { GatehouseContext } from '../src/context.ts';
import { resolveHostResources } from './resources/resolve-host.ts';

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
    building ??= import('./admin.ts').then(({ buildPanel }) => buildPanel(ctx, hostResources));
    return building;
  };
  return {
    admin: () => build().then((panel) => panel.admin),
    router: (req, res, next) => {
      build().then((panel) => panel.router(req, res, next), next);
    },
  };
}
