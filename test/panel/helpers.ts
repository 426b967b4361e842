// Panel tests: a demo-seeded Gatehouse (seed 002: Acme Group with Acme North and Acme South, one
// user per role) and agents signed in to the panel, calling AdminJS's own API as its front end does.
import assert from 'node:assert/strict';
import request from 'supertest';
import type { Express } from 'express';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed.ts';
import { setup, type TestSetup } from '../support/setup.ts';
import type { GatehouseOptions } from '../../src/config/options.ts';

export type Agent = ReturnType<typeof request.agent>;

export const demo = {
  owner: 'complianceofficer@acme.example',
  advanced: 'advanceduser@acme.example',
  standard: 'standarduser@acme.example',
  auditor: 'auditor@acme.example',
  north: 'north.advanceduser@acme.example',
  south: 'south.advanceduser@acme.example',
} as const;

export async function panelSetup(options: Partial<GatehouseOptions> = {}): Promise<TestSetup> {
  const t = await setup(options);
  await seedDemo(t.gatehouse);
  return t;
}

export async function signInToPanel(app: Express, email: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const login = await agent.post('/admin/login').type('form').send({ email, password });
  assert.ok(login.status === 302 || login.status === 303, `panel sign-in of ${email}: ${login.status} ${login.text.slice(0, 200)}`);
  assert.equal(login.headers.location, '/admin', `panel sign-in of ${email} should land on the dashboard`);
  return agent;
}

export async function userId(t: TestSetup, email: string): Promise<string> {
  const user = await t.prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return user.id;
}

const API = '/admin/api/resources';

const tokens = new WeakMap<Agent, string>();

/**
 * The session's CSRF token as the panel's page carries it (R-CSRF-2): in the page state AdminJS
 * renders, which only pages of the panel's own origin can read.
 */
export async function panelCsrf(agent: Agent): Promise<string> {
  const known = tokens.get(agent);
  if (known) return known;
  const page = await agent.get('/admin');
  const token = /"csrfToken":"([^"]+)"/.exec(page.text)?.[1];
  assert.ok(token, 'the panel page carries the session\'s CSRF token');
  tokens.set(agent, token);
  return token;
}

/** A POST to the panel's own API, with the token its components send. */
export async function panelPost(agent: Agent, path: string, body: object = {}) {
  return agent.post(path).set('x-csrf-token', await panelCsrf(agent)).send(body);
}

/** Loads a record action's form (GET), as its component does. */
export function loadRecordAction(agent: Agent, resource: string, id: string, action: string) {
  return agent.get(`${API}/${resource}/records/${id}/${action}`);
}

/** Runs a record action (POST) with `input` as JSON, as the panel's components send it. */
export function runRecordAction(agent: Agent, resource: string, id: string, action: string, input: unknown = {}) {
  return panelPost(agent, `${API}/${resource}/records/${id}/${action}`, { input: JSON.stringify(input) });
}

export function loadResourceAction(agent: Agent, resource: string, action: string) {
  return agent.get(`${API}/${resource}/actions/${action}`);
}

export function runResourceAction(agent: Agent, resource: string, action: string, input: unknown = {}) {
  return panelPost(agent, `${API}/${resource}/actions/${action}`, { input: JSON.stringify(input) });
}

/** The names of the record actions the panel offers on a record (what its buttons are). */
export async function offeredActions(agent: Agent, resource: string, id: string): Promise<string[]> {
  const show = await agent.get(`${API}/${resource}/records/${id}/show`);
  assert.equal(show.status, 200);
  return ((show.body.record?.recordActions ?? []) as { name: string }[]).map((action) => action.name).sort();
}

export function listIds(body: { records?: { id: string }[] }): string[] {
  return (body.records ?? []).map((record) => record.id);
}
