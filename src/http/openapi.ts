// The OpenAPI 3.1 document, generated from the same route table and zod schemas that validate
// requests, so the documentation cannot drift from the behaviour.
import { z } from 'zod';
import { errorCodes } from '../errors/codes.ts';
import type { AnyRoute } from './route.ts';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', enum: Object.keys(errorCodes) },
    detail: { type: 'string' },
    rule: { type: 'string', description: 'The rule id that denied the action (403).' },
    errors: { type: 'array', items: { type: 'object' }, description: 'Invalid fields (400).' },
  },
};

function errorResponses(route: AnyRoute): Record<string, JsonSchema> {
  const statuses = new Set<number>([400, ...(route.access === 'signed-in' ? [401, 403] : []), ...(route.errors ?? [])]);
  if (route.path.includes(':')) statuses.add(404);
  const responses: Record<string, JsonSchema> = {};
  for (const status of [...statuses].sort()) {
    responses[String(status)] = {
      description: Object.values(errorCodes).find((entry) => entry.status === status)?.title ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return responses;
}

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly serverUrl: string;
}

export function openApiDocument(routes: readonly AnyRoute[], info: OpenApiInfo): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = route.status ?? 200;
    const operation: JsonSchema = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${path.replace(/[{}]/g, '').replace(/(^|[/-])([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}`,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses: {
        [String(status)]:
          status === 204
            ? { description: 'Done' }
            : { description: 'OK', content: { 'application/json': { schema: route.response ? jsonSchema(route.response) : {} } } },
        ...errorResponses(route),
      },
      ...(route.access === 'signed-in' ? { security: [{ session: [] }, { apiKey: [] }] } : { security: [] }),
    };
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'gatehouse.sid', description: 'Session cookie; state-changing requests also send the X-CSRF-Token header.' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'A personal API key (R-KEY-1).' },
      },
    },
  };
}
