// Bad-input fuzzing of the panel's own API (AdminJS's routes, and Gatehouse's submit routes in front
// of them): every resource's list, search and actions, record and bulk actions, by GET, HEAD and
// POST, with hostile paths, paging, filters, sorts and bodies (JSON, urlencoded, broken multipart,
// `input` that is not JSON or breaks the operation's schema). Each request must answer below 500,
// a 4xx as problem+json, never with an HTML page or a stack trace, and the database must not change.
// The cases come from a seeded generator: every run sends the same ones.
import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import type { GatehousePrisma } from '../../src/db/client.ts';
import type { ApiClient } from '../support/agent.ts';
import { report } from './report.ts';
import { databaseFingerprint } from './snapshot.ts';

interface PanelResource {
  readonly id: string;
  readonly resourceActions: readonly { name: string }[];
  readonly actions: readonly { name: string; actionType: string }[];
  readonly properties: Readonly<Record<string, unknown>>;
}

/** mulberry32: small, seeded, the same sequence on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostile = ["'; DROP TABLE \"User\"; --", '%_%', '<script>alert(1)</script>', '\ud800', '\u0000', '../../etc/passwd', '${7*7}', 'a'.repeat(5000), '', '-1', '1e309', '__proto__', 'constructor'];
const fieldNames = ['email', 'lastName', 'passwordHash', 'securityQuestion', 'securityAnswerHash', 'totpSecret', 'tokenHash', 'status', 'organizationId', '__proto__', 'id', 'x'.repeat(300)];
const pagings = ['page=-5', 'page=0', 'page=abc', 'page=99999999', 'perPage=0', 'perPage=101', 'perPage=-1', 'page=1&page=2', 'perPage=1e3', 'page=%00'];

interface Case {
  readonly method: 'get' | 'head' | 'post';
  readonly path: string;
  readonly body?: { readonly type: string; readonly raw: string };
}

/** encodeURIComponent, except that a lone surrogate becomes its (invalid) UTF-8 bytes instead of a throw. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function query(random: () => number): string {
  const parts: string[] = [];
  for (let i = 0, n = Math.floor(random() * 3) + 1; i < n; i += 1) {
    const kind = random();
    if (kind < 0.35) parts.push(pick(random, pagings));
    else if (kind < 0.7) parts.push(`filters.${enc(pick(random, fieldNames))}=${enc(pick(random, hostile))}`);
    else if (kind < 0.9) parts.push(`sortBy=${enc(pick(random, fieldNames))}&direction=${pick(random, ['asc', 'desc', 'sideways', ''])}`);
    else parts.push(`query=${enc(pick(random, hostile))}`);
  }
  return parts.join('&');
}

/** A body that is wrong in at least one way, so that no POST can be a valid change. */
function badBody(random: () => number): { type: string; raw: string } {
  const kind = Math.floor(random() * 6);
  if (kind === 0) return { type: 'application/json', raw: JSON.stringify({ input: `{"unclosed": ${JSON.stringify(pick(random, hostile))}` }) };
  if (kind === 1) return { type: 'application/json', raw: JSON.stringify({ input: JSON.stringify({ [pick(random, fieldNames)]: pick(random, hostile), unexpectedField: true }) }) };
  if (kind === 2) return { type: 'application/json', raw: '{"input": ' };
  if (kind === 3) return { type: 'application/x-www-form-urlencoded', raw: `input=${enc('[1,2')}&${enc(pick(random, fieldNames))}=${enc(pick(random, hostile))}` };
  if (kind === 4) return { type: 'multipart/form-data; boundary=XYZ', raw: `--XYZ\r\nContent-Disposition: form-data; name="input"\r\n\r\n{bad` };
  return { type: 'application/json', raw: JSON.stringify({ input: JSON.stringify(['not', 'an', 'object']) }) };
}

function cases(resources: readonly PanelResource[], recordIdOf: (resource: string) => string, count: number): Case[] {
  const random = generator(20261202);
  const out: Case[] = [];
  while (out.length < count) {
    const resource = pick(random, resources);
    const base = `/admin/api/resources/${enc(resource.id)}`;
    const kind = random();
    const method = pick(random, ['get', 'get', 'head', 'post', 'post'] as const);
    const records = resource.actions.filter((action) => action.actionType === 'record');
    const bulks = resource.actions.filter((action) => action.actionType === 'bulk');
    let path: string;
    if (kind < 0.3) {
      path = `${base}/actions/${enc(pick(random, [...resource.resourceActions.map((action) => action.name), 'list', 'search', 'nope']))}`;
      if (path.endsWith('/search')) path += `/${enc(pick(random, hostile))}`;
    } else if (kind < 0.7) {
      const id = random() < 0.6 ? recordIdOf(resource.id) : pick(random, hostile);
      path = `${base}/records/${enc(id)}/${enc(pick(random, [...records.map((action) => action.name), 'show', 'nope']))}`;
    } else if (kind < 0.85) {
      path = `${base}/bulk/${enc(pick(random, [...bulks.map((action) => action.name), 'bulkDelete', 'nope']))}?recordIds=${enc(`${recordIdOf(resource.id)},${pick(random, hostile)}`)}`;
    } else {
      path = pick(random, ['/admin/api/resources/Nope/actions/list', `/admin/api/resources/${enc(pick(random, hostile))}/actions/list`, '/admin/api/pages/nope', '/admin/api/dashboard', `/admin/api/resources/${resource.id}/records`]);
    }
    path += `${path.includes('?') ? '&' : '?'}${query(random)}`;
    out.push(method === 'post' ? { method, path, body: badBody(random) } : { method, path });
  }
  return out;
}

export interface PanelFuzzTarget {
  readonly app: Express;
  readonly prisma: GatehousePrisma;
  /** Signed in with a session (the panel and the REST API share it). */
  readonly client: ApiClient;
  readonly cases: number;
}

export async function fuzzThePanel(target: PanelFuzzTarget): Promise<{ cases: number; statuses: Record<string, number> }> {
  const page = await target.client.agent.get('/admin');
  const state = /window\.REDUX_STATE = (.*?);\n/.exec(page.text)?.[1];
  assert.ok(state, 'the panel page carries its state');
  const resources = (JSON.parse(state) as { resources: PanelResource[] }).resources;
  assert.ok(resources.length > 3, 'the panel lists its resources');
  const ids = new Map<string, string>();
  for (const resource of resources) {
    const list = await target.client.agent.get(`/admin/api/resources/${resource.id}/actions/list?perPage=1`);
    ids.set(resource.id, String((list.body as { records?: { id: string }[] }).records?.[0]?.id ?? 'missing'));
  }
  const before = await databaseFingerprint(target.prisma, { withoutAudit: true });
  const eventsBefore = await target.prisma.auditEvent.findMany({ where: { outcome: { not: 'DENIED' } }, select: { id: true } });
  const statuses: Record<string, number> = {};
  const found: string[] = [];
  const finding = (kind: keyof typeof report.findings, what: string) => {
    report.findings[kind] += 1;
    found.push(`${kind}: ${what}`);
  };
  for (const fuzzCase of cases(resources, (id) => ids.get(id) ?? 'missing', target.cases)) {
    report.fuzzCases += 1;
    let pending = target.client.agent[fuzzCase.method](fuzzCase.path);
    if (fuzzCase.body) pending = pending.set('x-csrf-token', target.client.csrfToken).set('content-type', fuzzCase.body.type).send(fuzzCase.body.raw);
    const response = await pending;
    const where = `${fuzzCase.method.toUpperCase()} ${fuzzCase.path.slice(0, 160)}`;
    statuses[String(response.status)] = (statuses[String(response.status)] ?? 0) + 1;
    if (response.status >= 500) finding('server_error', `${where}: ${response.status} ${response.text?.slice(0, 200)}`);
    const jsonProblem = /application\/(problem\+)?json/.test(response.headers['content-type'] ?? '');
    if ((response.status >= 400 && fuzzCase.method !== 'head' && !jsonProblem) || /\bat \S+ \(|node_modules|<pre>|SQLITE_|PrismaClient/.test(response.text ?? '')) {
      finding('html_or_internals', `${where}: ${response.status} as ${response.headers['content-type']}`);
    }
  }
  if ((await databaseFingerprint(target.prisma, { withoutAudit: true })) !== before) finding('database_changed', 'refused panel requests changed the database');
  const known = new Set(eventsBefore.map((event) => event.id));
  for (const event of (await target.prisma.auditEvent.findMany({ where: { outcome: { not: 'DENIED' } } })).filter((row) => !known.has(row.id))) {
    finding('audited_as_done', `${event.action} ${event.outcome} ${event.details}`);
  }
  assert.deepEqual(found.slice(0, 10), [], `${found.length} findings`);
  assert.equal((await target.client.agent.get('/admin/api/resources/User/actions/list')).status, 200, 'still serving');
  return { cases: target.cases, statuses };
}
