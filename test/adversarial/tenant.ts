// Tenant isolation: an actor of one organisation tries every route that takes an id on the ids
// of another organisation (and of a sibling sub-organisation). Each try must answer 404 (or be
// refused before any lookup), show none of the other tenant's data, and change nothing.
import type { ApiClient } from '../support/agent.ts';
import { API } from '../support/agent.ts';
import { report } from './report.ts';
import { databaseFingerprint } from './snapshot.ts';
import type { World } from './world.ts';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

export interface ForeignIds {
  /** Ids of the other tenant by path segment (`users`, `organizations`, `roles`…). */
  readonly bySegment: Readonly<Record<string, string>>;
  readonly organizationId: string;
  readonly roleId: string;
  readonly policyId: string;
  readonly userId: string;
  /** Text that must never appear in an answer to the actor: the other tenant's names and e-mails. */
  readonly markers: readonly string[];
}

/** A body the route's schema accepts, pointing at the other tenant wherever it names an id. */
export function validBody(schema: JsonSchema | undefined, foreign: ForeignIds, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (variant) return validBody(variant, foreign, name);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const body: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if ((schema.required ?? []).includes(key) || /Id$|^id$/.test(key)) body[key] = validBody(property, foreign, key);
      }
      return body;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => validBody(schema.items, foreign, name));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default: {
      if (/organi[sz]ationId/i.test(name)) return foreign.organizationId;
      if (/roleId/i.test(name)) return foreign.roleId;
      if (/policyId/i.test(name)) return foreign.policyId;
      if (/userId/i.test(name)) return foreign.userId;
      if (schema.format === 'email' || /email/i.test(name)) return 'intruder@tenant.test';
      if (/password/i.test(name)) return 'Tenant-Attack-2026!x';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1)).slice(0, 64) + (schema.minLength && schema.minLength > 1 ? '' : 'yz');
    }
  }
}

type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; security?: unknown[] };

export interface TenantResult {
  readonly tried: number;
  readonly refusedBeforeLookup: number;
}

/** Every signed-in route with an `{id}`, on the other tenant's ids. */
export async function attackForeignIds(world: World, actor: ApiClient, foreign: ForeignIds, label: string): Promise<TenantResult> {
  const document = await actor.agent.get(`${API}/openapi.json`);
  const paths = document.body.paths as Record<string, Record<string, Operation>>;
  let tried = 0;
  let refusedBeforeLookup = 0;
  const before = await databaseFingerprint(world.t.prisma, { withoutAudit: true });
  for (const [path, operations] of Object.entries(paths)) {
    if (!path.includes('{')) continue;
    const segment = path.split('/')[1] ?? '';
    const id = foreign.bySegment[segment];
    if (!id) continue;
    for (const [method, operation] of Object.entries(operations)) {
      if (Array.isArray(operation.security) && operation.security.length === 0) continue;
      const url = path.replace(/\{[^}]+\}/g, id);
      const body = validBody(operation.requestBody?.content?.['application/json']?.schema, foreign);
      const response = await actor.call(method as 'get', url, method === 'get' || method === 'delete' ? undefined : (body ?? {}));
      tried += 1;
      report.combinations += 1;
      const where = `${label}: ${method.toUpperCase()} ${path} on another tenant's id`;
      if (response.status >= 200 && response.status < 300) report.leaks.push(`${where} answered ${response.status}`);
      else if (response.status === 400) refusedBeforeLookup += 1;
      else if (response.status !== 404) report.leaks.push(`${where} answered ${response.status} (expected 404: existence must not be revealed)`);
      const leaked = foreign.markers.find((marker) => response.text.includes(marker));
      if (leaked) report.leaks.push(`${where} shows "${leaked}"`);
    }
  }
  const after = await databaseFingerprint(world.t.prisma, { withoutAudit: true });
  if (after !== before) report.leaks.push(`${label}: attacks on another tenant changed the database`);
  return { tried, refusedBeforeLookup };
}

/** List routes filtered to the other tenant: nothing of theirs may come back. */
export async function attackForeignLists(actor: ApiClient, foreign: ForeignIds, label: string): Promise<void> {
  const lists = [
    `/users?organizationId=${foreign.organizationId}`,
    `/users?email=${encodeURIComponent('@')}`,
    '/users?pageSize=100',
    `/invitations?organizationId=${foreign.organizationId}`,
    `/audit-events?organizationId=${foreign.organizationId}`,
    '/audit-events?pageSize=100',
    '/organizations',
    '/roles',
    '/policies',
  ];
  for (const path of lists) {
    const response = await actor.call('get', path);
    report.combinations += 1;
    const leaked = foreign.markers.find((marker) => response.text.includes(marker));
    if (leaked) report.leaks.push(`${label}: GET ${path} shows "${leaked}"`);
    if (response.status >= 500) report.leaks.push(`${label}: GET ${path} answered ${response.status}`);
  }
}
