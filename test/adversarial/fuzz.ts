// Bad-input fuzzing: every JSON route of the REST API (read from openapi.json, so routes added
// later are fuzzed too) gets malformed bodies — wrong types, missing and extra fields, 1 MB
// strings, deep nesting, __proto__/constructor keys, unicode edge cases, SQL and HTML
// metacharacters. Each must answer 4xx problem+json, never 500, and change nothing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Express } from 'express';
import request from 'supertest';
import type { GatehousePrisma } from '../../src/db/client.ts';
import { type ApiClient, API } from '../support/agent.ts';
import { report } from './report.ts';
import { databaseFingerprint } from './snapshot.ts';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; anyOf?: JsonSchema[] };
type Operation = { requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; security?: unknown[] };

const nasty = [
  "'; DROP TABLE \"User\"; --",
  '" OR 1=1 --',
  '%_%',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  '\uD800',
  '\u202Eevil',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢🙂',
  'ǅ̸̡̛',
  '../../etc/passwd',
  '${7*7}{{7*7}}',
];

const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', '$where', 'id', 'passwordHash', 'isOwner', 'role', ...nasty];

type JsonType = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';

/** The JSON types a property accepts (`integer` counts as number; `anyOf` unions them). */
function acceptedTypes(schema: JsonSchema | undefined): Set<JsonType> {
  const types = new Set<JsonType>();
  const add = (type: string) => types.add((type === 'integer' ? 'number' : type) as JsonType);
  if (schema?.type) for (const type of ([] as string[]).concat(schema.type)) add(type);
  for (const variant of schema?.anyOf ?? []) for (const type of acceptedTypes(variant)) types.add(type);
  return types;
}

const valuesByType: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.constantFrom(...nasty),
  number: fc.oneof(fc.integer(), fc.constant(1e308), fc.constant(-0)),
  boolean: fc.boolean(),
  array: fc.oneof(fc.array(fc.constantFrom(...nasty)), fc.array(fc.array(fc.constant({ __proto__: { admin: true } })))),
  object: fc.oneof(fc.record({ $gt: fc.constant('') }), fc.constant({ valueOf: 1 }), fc.constant({ 0: 'a', length: 1 })),
  null: fc.constant(null),
};

/** A value of a JSON type the property does not accept. */
function wrongValue(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const accepted = acceptedTypes(schema);
  const wrong = (Object.keys(valuesByType) as JsonType[]).filter((type) => !accepted.has(type));
  return fc.oneof(...wrong.map((type) => valuesByType[type]));
}

function deep(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

/** Bodies that no route may accept: each carries at least one wrong type, unknown key or oversize value. */
function malformedBodies(schema: JsonSchema | undefined): fc.Arbitrary<{ raw: string; label: string }> {
  const properties = Object.entries(schema?.properties ?? {});
  const asJson = (label: string) => (value: unknown) => ({ raw: JSON.stringify(value) ?? 'null', label });
  const variants: fc.Arbitrary<{ raw: string; label: string }>[] = [
    fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.anything())).map(asJson('not an object')),
    fc.tuple(fc.constantFrom(...hostileKeys.filter((key) => !Object.hasOwn(schema?.properties ?? {}, key))), fc.anything()).map(([key, value]) => ({ raw: `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`, label: `unknown key ${key}` })),
    fc.constantFrom('{"a":', "{'a':1}", 'NaN', '{"a":1,}', '\u0000', '{"__proto__":{"isAdmin":true}}', '[1,2', '{"a":"\\ud800"}').map((raw) => ({ raw, label: 'malformed JSON or prototype key' })),
    fc.constant({ raw: JSON.stringify({ x: 'x'.repeat(1_048_576) }), label: '1 MB string' }),
    fc.integer({ min: 500, max: 3000 }).map((depth) => ({ raw: JSON.stringify(deep(depth)), label: `nesting ${depth}` })),
  ];
  // A property with no declared type (an open `z.unknown()`) has no wrong type to send.
  const typed = properties.filter(([, property]) => acceptedTypes(property).size > 0);
  if (typed.length > 0) {
    variants.push(
      fc
        .constantFrom(...typed)
        .chain(([name, property]) => wrongValue(property).map((value) => ({ raw: JSON.stringify({ [name]: value }) ?? '{}', label: `wrong type for ${name}` }))),
      fc.constantFrom(...typed).map(([name]) => ({ raw: JSON.stringify({ [name]: 'x'.repeat(1_048_576) }), label: `1 MB ${name}` })),
    );
  }
  return fc.oneof(...variants);
}

export interface FuzzTarget {
  readonly app: Express;
  readonly prisma: GatehousePrisma;
  /** A signed-in client with broad permissions: a refusal must come from validation, not from a missing session. */
  readonly client: ApiClient;
  /** An id for each `{param}`, by first path segment. */
  readonly idFor: (segment: string) => string;
  readonly casesPerRoute: number;
}

export async function fuzzEveryJsonRoute(target: FuzzTarget): Promise<void> {
  const document = await target.client.agent.get(`${API}/openapi.json`);
  assert.equal(document.status, 200);
  const paths = document.body.paths as Record<string, Record<string, Operation>>;
  let routes = 0;
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      routes += 1;
      const segment = path.split('/')[1] ?? '';
      const url = API + path.replace(/\{[^}]+\}/g, () => target.idFor(segment));
      const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
      // A body that names a forbidden field (PATCH /me with a role) is a denial, and denials are
      // audited by design (R-AUDIT-1): the trail may grow by DENIED events, nothing else may change.
      const allowedEvents = () => target.prisma.auditEvent.count({ where: { outcome: { not: 'DENIED' } } });
      const before = await databaseFingerprint(target.prisma, { withoutAudit: true });
      const eventsBefore = await allowedEvents();
      const cases = fc.sample(malformedBodies(schema), { numRuns: target.casesPerRoute, seed: 20261126 + routes });
      for (const body of cases) {
        report.fuzzCases += 1;
        const agent = isPublic ? request(target.app) : target.client.agent;
        const pending = (agent as unknown as Record<string, (url: string) => request.Test>)[method]!(url).set('content-type', 'application/json');
        if (!isPublic) pending.set('x-csrf-token', target.client.csrfToken);
        const response = await pending.send(body.raw);
        const where = `${method.toUpperCase()} ${path} with ${body.label}`;
        assert.ok(response.status >= 400 && response.status < 500, `${where}: answered ${response.status} ${response.text.slice(0, 200)}`);
        assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/, `${where}: not problem+json`);
        assert.doesNotMatch(response.text, /\bat \S+ \(|node_modules|Prisma|SQLITE|stack/i, `${where}: leaks internals`);
      }
      const after = await databaseFingerprint(target.prisma, { withoutAudit: true });
      assert.equal(after, before, `${method.toUpperCase()} ${path}: refused bodies changed the database`);
      assert.equal(await allowedEvents(), eventsBefore, `${method.toUpperCase()} ${path}: a refused body was audited as done`);
    }
  }
  assert.ok(routes > 0, 'openapi.json lists JSON routes to fuzz');
  // Still serving after all of it.
  assert.equal((await request(target.app).get(`${API}/openapi.json`)).status, 200);
}
