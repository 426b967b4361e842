// An AdminJS resource over one Prisma model whose every read is narrowed by the role engine.
// AdminJS hands the action context (and so the signed-in user) to find, count, findOne and
// findMany; each query here is ANDed with the rows the engine allows (engine.accessibleWhere), so
// a list never loads an out-of-scope row and a direct URL to one finds nothing (R-TENANT-1: 404,
// not 403). Writes never go through the adapter: panel mutations call Gatehouse's services.
import type { ActionContext, BaseProperty, Filter } from 'adminjs';
import { BaseRecord, BaseResource, convertFilter, PrismaResource } from './adminjs-runtime.ts';
import type { Principal } from '../src/authz/principal.ts';
import { GatehouseError } from '../src/errors/gatehouse-error.ts';
import type { GatehousePrisma } from '../src/db/client.ts';
import { principalOf } from './panel-gate.ts';
import type { DmmfModel } from './prisma-models.ts';

type Row = Record<string, unknown>;
export type Where = Record<string, unknown>;

/** How one model is scoped and what the panel keeps beside each row for the engine's targets. */
export interface ModelScope<F = unknown, W extends Where | Promise<Where> = Where> {
  /** The rows the principal may see, as a Prisma where that stays "nothing" when nested in an AND (src/authz/nestable-where.ts). */
  where(principal: Principal): W;
  /** Relations loaded with each row, for `facts` (never shown as such). */
  readonly include?: Where;
  /** What the engine needs about the row (organisations, ownership, what the user holds…), read by isVisible. */
  facts?(row: Row): F | Promise<F>;
  /** Extra values shown with the row (organisation names…), as this viewer may see them: virtual properties. */
  virtuals?(row: Row, principal: Principal): Row | Promise<Row>;
  /** Removes what this viewer may not see of a visible row (R-SECRET-1: the security question). */
  redact?(params: Row, principal: Principal): Row;
  /**
   * The list, when a service decides it: the ids of one page (in order) and the total, from the
   * same search the REST API answers with, so that filters, scope and paging mean the same in both.
   */
  list?(filters: Readonly<Record<string, string>>, page: { offset: number; limit: number }, principal: Principal): Promise<{ ids: string[]; total: number; totalExact?: boolean }>;
}

/** What a list may be filtered and sorted by: the fields the panel offers, nothing else (R-SECRET-1). */
export interface ListWhitelist {
  readonly filters: readonly string[];
  readonly sorts: readonly string[];
}

/** Exposes what the Prisma adapter keeps protected: the model's delegate, sorting and row shaping. */
class PrismaRows extends PrismaResource {
  get delegate(): { findMany(args: object): Promise<Row[]>; findFirst(args: object): Promise<Row | null>; count(args: object): Promise<number> } {
    return this.manager as never;
  }
  get fields(): DmmfModel['fields'] {
    return this.model.fields as unknown as DmmfModel['fields'];
  }
  orderBy(sort: { sortBy?: string; direction?: 'asc' | 'desc' } | undefined): object {
    return this.buildSortBy(sort);
  }
  shape(row: Row): Row {
    return this.prepareReturnValues(row);
  }
}

const FACTS = Symbol('gatehouse.facts');
type RecordWithFacts = BaseRecord & { [FACTS]?: unknown };

/** The facts loaded with a record by its ScopedResource (undefined for records built otherwise). */
export function factsOf<F>(record: BaseRecord | undefined): F | undefined {
  return (record as RecordWithFacts | undefined)?.[FACTS] as F | undefined;
}

export interface ScopedResourceArgs {
  readonly model: DmmfModel;
  readonly client: GatehousePrisma;
  readonly clientModule: unknown;
}

export class ScopedResource<F = unknown> extends BaseResource {
  readonly #rows: PrismaRows;
  readonly #scope: ModelScope<F, Where | Promise<Where>>;
  readonly #whitelist: ListWhitelist;

  constructor(args: ScopedResourceArgs, scope: ModelScope<F, Where | Promise<Where>>, whitelist: ListWhitelist) {
    super();
    this.#rows = new PrismaRows(args as never);
    this.#scope = scope;
    this.#whitelist = whitelist;
  }

  /**
   * A filter or sort on a field the panel does not offer is refused: AdminJS would pass it to the
   * database as given, and matching on a hidden column (a security question, a hash) leaks it.
   */
  #checkRequest(filter: Filter | undefined, sort?: { sortBy?: string }): void {
    const unknown = Object.keys(filter?.filters ?? {}).filter((key) => !this.#whitelist.filters.includes(key));
    if (unknown.length > 0) {
      throw new GatehouseError('INVALID_INPUT', 'This list cannot be filtered by that', { errors: unknown.map((key) => ({ in: 'query', path: `filters.${key}`, message: 'not a filter of this list' })) });
    }
    if (sort?.sortBy !== undefined && !this.#whitelist.sorts.includes(sort.sortBy)) {
      throw new GatehouseError('INVALID_INPUT', 'This list cannot be sorted by that', { errors: [{ in: 'query', path: 'sortBy', message: 'not a sortable column' }] });
    }
  }

  static filterValues(filter: Filter | undefined): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [key, entry] of Object.entries(filter?.filters ?? {})) values[key] = String((entry as { value: unknown }).value);
    return values;
  }

  override databaseName(): string {
    return this.#rows.databaseName();
  }
  override databaseType(): string {
    return this.#rows.databaseType();
  }
  override id(): string {
    return this.#rows.id();
  }
  override properties(): BaseProperty[] {
    return this.#rows.properties();
  }
  override property(path: string): BaseProperty | null {
    return this.#rows.property(path);
  }
  override build(params: Record<string, unknown>): BaseRecord {
    return new BaseRecord(params, this);
  }

  /** The filter of the request ANDed with the engine's scope; null when there is nobody to scope for. */
  async #where(principal: Principal | null, extra: Where): Promise<Where | null> {
    if (!principal) return null;
    return { AND: [extra, await this.#scope.where(principal)] };
  }

  async #record(row: Row, principal: Principal): Promise<BaseRecord> {
    let params = { ...this.#rows.shape(row), ...((await this.#scope.virtuals?.(row, principal)) ?? {}) };
    if (this.#scope.redact) params = this.#scope.redact(params, principal);
    const record = new BaseRecord(params, this) as RecordWithFacts;
    if (this.#scope.facts) record[FACTS] = await this.#scope.facts(row);
    return record;
  }

  /** The request's filter as a Prisma where, through the adapter (columns only; the whitelist has checked them). */
  #filterWhere(filter: Filter | undefined): Where {
    return convertFilter(this.#rows.fields as never, filter as Filter);
  }

  #principal(context: ActionContext | undefined): Principal | null {
    return principalOf(context?.currentAdmin);
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    this.#checkRequest(filter);
    const principal = this.#principal(context);
    if (!principal) return 0;
    if (this.#scope.list) {
      // A capped total (R-SEARCH-2) is counted as what the count saw, one row past the cap, so the
      // list's `after` hook can tell it from an exact total of the cap and say so in words.
      const { total, totalExact } = await this.#scope.list(ScopedResource.filterValues(filter), { offset: 0, limit: 1 }, principal);
      return totalExact === false ? total + 1 : total;
    }
    const where = await this.#where(principal, this.#filterWhere(filter));
    return where ? this.#rows.delegate.count({ where }) : 0;
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {},
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    this.#checkRequest(filter, options.sort);
    const principal = this.#principal(context);
    if (!principal) return [];
    if (this.#scope.list) {
      const { ids } = await this.#scope.list(ScopedResource.filterValues(filter), { offset: options.offset ?? 0, limit: options.limit ?? 10 }, principal);
      const found = await this.findMany(ids, context);
      const byId = new Map(found.map((record) => [String(record.id()), record]));
      return ids.map((id) => byId.get(id)).filter((record): record is BaseRecord => record !== undefined);
    }
    const where = await this.#where(principal, this.#filterWhere(filter));
    if (!where) return [];
    const rows = await this.#rows.delegate.findMany({
      where,
      skip: options.offset ?? 0,
      take: options.limit ?? 10,
      orderBy: this.#rows.orderBy(options.sort),
      ...(this.#scope.include ? { include: this.#scope.include } : {}),
    });
    return Promise.all(rows.map((row) => this.#record(row, principal)));
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const principal = this.#principal(context);
    const where = await this.#where(principal, { id: String(id) });
    if (!principal || !where) return null;
    const row = await this.#rows.delegate.findFirst({ where, ...(this.#scope.include ? { include: this.#scope.include } : {}) });
    return row ? await this.#record(row, principal) : null;
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const principal = this.#principal(context);
    const where = await this.#where(principal, { id: { in: ids.map(String) } });
    if (!principal || !where) return [];
    const rows = await this.#rows.delegate.findMany({ where, ...(this.#scope.include ? { include: this.#scope.include } : {}) });
    return Promise.all(rows.map((row) => this.#record(row, principal)));
  }

  // The adapter never writes: every change goes through a service that authorises it again.
  override async create(): Promise<never> {
    throw new Error(`${this.id()}: the panel writes only through Gatehouse's services`);
  }
  override async update(): Promise<never> {
    throw new Error(`${this.id()}: the panel writes only through Gatehouse's services`);
  }
  override async delete(): Promise<never> {
    throw new Error(`${this.id()}: the panel writes only through Gatehouse's services`);
  }
}
