// The panel, built on the first request that needs it — and AdminJS imported only then. Importing
// AdminJS loads its React front end and bundler (some 1 900 modules, over a second of start-up and
// tens of MiB that a REST-only client never uses), so createGatehouse does not: the REST API and
// sign-in answer while the panel is still unbuilt. Building late also lets the host define its
// actions (defineAction) after createGatehouse returns: AdminJS fixes a resource's actions when
// the instance is built.
import type AdminJS from 'adminjs';
import type { RequestHandler, Router } from 'express';
import type { HostResource } from '../src/config/options.ts';
import type { GatehouseContext } from '../src/context.ts';
import type { ActionDefinition } from '../src/extensions/define-action.ts';
import { resolveHostResources } from './resources/resolve-host.ts';

/** AdminJS's own action names: a defined action with one of them would replace the page. */
const BUILT_IN_ACTIONS = new Set(['list', 'search', 'show', 'new', 'edit', 'delete', 'bulkDelete']);

export interface LazyPanel {
  /** The AdminJS instance; the first call builds the panel, later ones (and concurrent ones) share it. */
  admin(): Promise<AdminJS>;
  /** Serves the panel, waiting for the build on the first request. */
  readonly router: RequestHandler;
  /** Throws when the panel was already built: an action defined now would be missing from it. */
  acceptAction(definition: ActionDefinition): void;
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
    acceptAction(definition) {
      if (BUILT_IN_ACTIONS.has(definition.name)) throw new Error(`defineAction: "${definition.name}" is one of AdminJS's own actions; choose another name`);
      if (building) {
        throw new Error(
          `defineAction(${definition.resource}.${definition.name}): the panel was built by its first request and would not show this action; define every action before the app serves requests`,
        );
      }
    },
  };
}
