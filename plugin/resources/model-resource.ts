// A panel resource over one Prisma model: the model without its secret fields (R-SECRET-1), read
// through a ScopedResource (engine-scoped), with AdminJS's built-in writes switched off unless the
// resource replaces them with service-backed actions.
import type { ResourceOptions, ResourceWithOptions } from 'adminjs';
import type { GatehouseContext } from '../../src/context.ts';
import { allowsOn, holdsSomewhere, signedIn, type TargetOf } from '../access.ts';
import { clientModule, type DmmfModel, panelModel } from '../prisma-models.ts';
import { type ListWhitelist, type ModelScope, ScopedResource } from '../scoped-resource.ts';

/** Built-in actions the panel does not offer: the adapter would write without an operation. */
const disabled = { isAccessible: false, isVisible: false } as const;

export interface ModelResourceSpec {
  readonly model: string;
  /** The model as AdminJS reads it, when it is not one of Gatehouse's (the host's models). */
  readonly dmmf?: DmmfModel;
  /** The name the sidebar shows, when not the model's. */
  readonly label?: string;
  readonly scope: ModelScope<never> | ModelScope | ModelScope<unknown, Promise<Record<string, unknown>>>;
  /** The engine's permission to open one record, and how the record reads as a target. */
  readonly view: { readonly permission: string; readonly targetOf: TargetOf | null; readonly everyoneLists?: boolean };
  /** Actions by name: built-in ones overridden, custom ones added (their response types differ, hence `object`). */
  readonly options: Omit<ResourceOptions, 'actions'> & { actions?: Readonly<Record<string, object>> };
}

/** The panel filters by its filter properties and sorts by its list columns (AdminJS's default sort included). */
function whitelistOf(spec: ModelResourceSpec): ListWhitelist {
  const properties = (spec.options.properties ?? {}) as Record<string, { isSortable?: boolean }>;
  const listed = (spec.options.listProperties ?? []).filter((name) => properties[name]?.isSortable !== false);
  const sortBy = (spec.options.sort as { sortBy?: string } | undefined)?.sortBy;
  return { filters: spec.options.filterProperties ?? [], sorts: [...new Set([...listed, ...(sortBy ? [sortBy] : []), 'id'])] };
}

export function modelResource(ctx: GatehouseContext, spec: ModelResourceSpec): ResourceWithOptions {
  const { permission, targetOf } = spec.view;
  // Lists are scoped row by row by the resource; opening one record asks the engine about it too.
  const show = targetOf ? allowsOn(ctx, permission, targetOf) : signedIn;
  // A list the viewer can see nothing of is not in their navigation (an empty "Roles" or "Audit
  // events" for a member without those rights); its rows are scoped all the same.
  // Unless every signed-in person has rows of their own there (their user record, their messages).
  const list = spec.view.everyoneLists ? signedIn : holdsSomewhere(ctx, permission);
  return {
    resource: new ScopedResource(
      { model: spec.dmmf ?? panelModel(spec.model), client: ctx.prisma, clientModule: clientModule() },
      spec.scope as ModelScope<unknown, Record<string, unknown> | Promise<Record<string, unknown>>>,
      whitelistOf(spec),
    ),
    options: {
      ...spec.options,
      ...(spec.label ? { translations: { en: { labels: { [spec.model]: spec.label } } } } : {}),
      actions: {
        new: disabled,
        edit: disabled,
        delete: disabled,
        bulkDelete: disabled,
        ...spec.options.actions,
        // A resource may give these its own page (a component) or hooks (the users' capped total), never its own access.
        list: { ...spec.options.actions?.list, isAccessible: list, isVisible: list },
        search: { ...spec.options.actions?.search, isAccessible: signedIn },
        show: { ...spec.options.actions?.show, isAccessible: show, isVisible: show },
      } as ResourceOptions['actions'],
    },
  };
}
