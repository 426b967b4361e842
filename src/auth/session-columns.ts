// What the Session table's columns say beside the record's JSON, derived from the record alone (one
// source of truth): whose session it is, when it opened, when it was last seen, and where from.
// They exist so that a user's sessions are listed and ended without reading every record.
import type session from 'express-session';

/** Enough of a user agent to tell browsers apart; the rest is noise a client could make huge. */
export const USER_AGENT_MAX = 256;

/** Where a session was opened from, captured at sign-in (src/auth/establish-session.ts). */
export interface SessionClient {
  readonly ip: string;
  readonly userAgent: string;
}

export interface SessionColumns {
  /** Only a signed-in session has an owner: NULL while a sign-in waits for its second factor. */
  readonly userId: string | null;
  readonly createdAt: Date;
  readonly lastSeenAt: Date | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

const dateOf = (ms: unknown): Date | null => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms) : null);

export function sessionColumns(data: Partial<session.SessionData>, now: Date): SessionColumns {
  const signedIn = typeof data.userId === 'string' && typeof data.signedInAt === 'number';
  const client = data.client;
  return {
    userId: signedIn ? (data.userId as string) : null,
    createdAt: (signedIn ? dateOf(data.signedInAt) : null) ?? now,
    lastSeenAt: dateOf(data.lastSeenAt),
    ip: typeof client?.ip === 'string' ? client.ip : null,
    userAgent: typeof client?.userAgent === 'string' ? client.userAgent.slice(0, USER_AGENT_MAX) : null,
  };
}

/** The client of a request, as a session stores it. */
export function clientOf(ip: string | undefined, userAgent: string | undefined): SessionClient {
  return { ip: ip ?? '', userAgent: (userAgent ?? '').slice(0, USER_AGENT_MAX) };
}
