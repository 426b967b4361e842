// The host's defined actions, as operations. They are known before the app serves anything: passed
// to createGatehouse, or added with gatehouse.defineAction before the first request. The first
// request freezes the list, because the panel and the API document are built from it; an action
// defined later would be missing from them, so it is refused with a clear error instead.
import type { Catalog } from '../engine/types.ts';
import type { AnyOperation } from '../operations/operation.ts';
import { type ActionDefinition, hostOperation, validateActionDefinition } from './define-action.ts';

export class HostOperations {
  readonly #operations: AnyOperation[] = [];
  readonly #definitions: ActionDefinition[] = [];
  #frozenBy: string | null = null;

  constructor(private readonly catalog: Catalog) {}

  add(definition: ActionDefinition): AnyOperation {
    const where = `defineAction(${definition.resource}.${definition.name})`;
    if (this.#frozenBy !== null) {
      throw new Error(`${where}: the panel was built by the first request (${this.#frozenBy}) and would not show this action; define every action before the app serves requests, or pass them to createGatehouse({ actions })`);
    }
    validateActionDefinition(definition);
    if (!Object.hasOwn(this.catalog, definition.permission)) {
      throw new Error(`${where}: the permission "${definition.permission}" is not in the catalog; declare it in createGatehouse({ permissions }), or pass the action to createGatehouse({ actions })`);
    }
    if (this.#definitions.some((other) => other.resource === definition.resource && other.name === definition.name)) {
      throw new Error(`${where}: ${definition.resource} already has an action "${definition.name}"`);
    }
    const operation = hostOperation(definition);
    this.#definitions.push(definition);
    this.#operations.push(operation);
    return operation;
  }

  /** Called by the first request: from then on the list is what the panel and the API show. */
  freeze(reason: string): void {
    this.#frozenBy ??= reason;
  }

  get operations(): readonly AnyOperation[] {
    return this.#operations;
  }

  get definitions(): readonly ActionDefinition[] {
    return this.#definitions;
  }
}

/** Permissions that actions passed to createGatehouse use without the host declaring them: mutating, labelled by the action. */
export function permissionsOfActions(catalog: Catalog, actions: readonly ActionDefinition[]): Catalog {
  const added: Record<string, Catalog[string]> = {};
  for (const action of actions) {
    if (!Object.hasOwn(catalog, action.permission) && !Object.hasOwn(added, action.permission)) {
      added[action.permission] = { label: action.label, group: action.resource.toLowerCase(), mutates: true };
    }
  }
  return added;
}
