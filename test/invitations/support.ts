// Helpers shared by the invitation, password-reset and scenario tests: read a link's token from the
// mail the transport received, as the invitee would from their mailbox, and build organisations with signed-in members.
import request from 'supertest';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import { API, type ApiClient, signIn } from '../support/agent.ts';
import type { TestSetup } from '../support/setup.ts';

export const PASSWORD = 'Correct-Horse-42!';
export const OTHER_PASSWORD = 'Battery-Staple-77?';

let counter = 0;
export const unique = (prefix: string) => `${prefix}${++counter}${Math.random().toString(36).slice(2, 7)}`;

/** The token in the newest e-mail of that kind to that address. */
export async function tokenFromMail(t: TestSetup, to: string, kind?: string): Promise<string> {
  return t.mailbox.token(to, kind);
}

export async function mailCount(t: TestSetup, to: string): Promise<number> {
  return t.prisma.outboxMessage.count({ where: { to: to.toLowerCase() } });
}

export interface Member {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  client(): Promise<ApiClient>;
}

export async function member(t: TestSetup, organizationId: string, roleKey: string, options: { owner?: boolean; password?: string } = {}): Promise<Member> {
  const username = unique('user');
  const email = `${username}@example.test`;
  const password = options.password ?? PASSWORD;
  const { id } = await createMember(t.gatehouse.context, { email, username, firstName: 'Test', lastName: roleKey, password }, [
    { organizationId, roleKey, ...(options.owner ? { owner: true } : {}) },
  ]);
  return { id, email, username, client: () => signIn(t.app, email, password) };
}

/** A root organisation with its owner signed in. */
export async function organizationWithOwner(t: TestSetup, name = unique('Org ')): Promise<{ organizationId: string; owner: Member; ownerClient: ApiClient }> {
  const { id: organizationId } = await createOrganization(t.gatehouse.context, { name });
  const owner = await member(t, organizationId, t.gatehouse.context.preset.ownerRoleKey, { owner: true });
  return { organizationId, owner, ownerClient: await owner.client() };
}

export function publicPost(t: TestSetup, path: string, body: unknown) {
  return request(t.app).post(`${API}${path}`).send(body as object);
}

export const roleId = (key: string) => `builtin:${key}`;

export async function auditEvents(t: TestSetup, action: string) {
  return t.prisma.auditEvent.findMany({ where: { action }, orderBy: { at: 'asc' } });
}
