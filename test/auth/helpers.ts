// Shared by the sign-in, account and API-key tests: one organisation with members made through the
// bootstrap service, and small readers of what Gatehouse sent or set (mail, cookies).
import type { Response } from 'supertest';
import { createMember, createOrganization } from '../../src/setup/bootstrap.ts';
import type { TestSetup } from '../support/setup.ts';

export const PASSWORD = 'Correct-Horse-42!';

export interface Member {
  readonly id: string;
  readonly email: string;
  readonly username: string;
}

let counter = 0;

export async function organization(t: TestSetup, name = 'Acme'): Promise<string> {
  return (await createOrganization(t.gatehouse.context, { name })).id;
}

/** A member with the given role of the preset (seed002 by default: 'standardUser', 'complianceOfficer'…). */
export async function member(t: TestSetup, organizationId: string, roleKey: string, options: { owner?: boolean; name?: string } = {}): Promise<Member> {
  counter += 1;
  const username = options.name ?? `user${counter}`;
  const email = `${username}@example.test`;
  const { id } = await createMember(t.gatehouse.context, { email, username, firstName: 'Test', lastName: `User ${counter}`, password: PASSWORD }, [
    { organizationId, roleKey, ...(options.owner ? { owner: true } : {}) },
  ]);
  return { id, email, username };
}

/** The six-digit code of the latest sign-in e-mail to that address. */
export async function latestEmailCode(t: TestSetup, to: string): Promise<string> {
  return t.mailbox.code(to);
}

export function sessionCookie(response: Response, name = 'gatehouse.sid'): string | null {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return cookies.find((cookie) => cookie.startsWith(`${name}=`)) ?? null;
}

export function cookieValue(cookie: string | null): string | null {
  return cookie ? (cookie.split(';')[0] ?? '').split('=').slice(1).join('=') : null;
}
