// A user's sessions, found by the Session table's userId column (session-columns.ts): listed for
// the sessions views and ended — at once, by deleting their records, which every instance sees at
// the session's next request (the router's store reads the record, the cookie cache compares its
// text). A sign-in still waiting for its second factor has no owner yet; it cannot outlive a change
// of the account, since the second step reads the user's live state again (second-factor.ts).
import type session from 'express-session';
import type { GatehouseConfig } from '../config/resolve.ts';
import type { Prisma } from '../db/client.ts';
import { sessionHandle } from './session-handle.ts';
import { type SessionFacts, sessionOutlived } from './session-checks.ts';

type Db = Prisma.TransactionClient;

/** One open session of a user, as the server knows it (its sid never leaves: see session-handle.ts). */
export interface OpenSession {
  readonly sid: string;
  readonly handle: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** What a list shows of one session; `current` marks the one the request came with. */
export interface SessionView {
  readonly id: string;
  readonly current: boolean;
  readonly createdAt: string;
  readonly lastSeenAt: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

function factsOf(data: string): SessionFacts | null {
  try {
    const parsed = JSON.parse(data) as Partial<session.SessionData>;
    return typeof parsed.signedInAt === 'number' ? { signedInAt: parsed.signedInAt, lastSeenAt: parsed.lastSeenAt, passwordStamp: parsed.passwordStamp } : null;
  } catch {
    return null;
  }
}

/**
 * The user's sessions that would still be accepted: a record that has timed out or predates a
 * password change is ended at its next request anyway (R-SESS-1), so it is not listed as open.
 */
export async function openSessionsOf(db: Db, config: Pick<GatehouseConfig, 'session'>, userId: string, now: Date): Promise<OpenSession[]> {
  // One after the other: inside a transaction the client runs one query at a time anyway.
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordChangedAt: true } });
  if (!user) return [];
  const rows = await db.session.findMany({
    where: { userId, expiresAt: { gt: now } },
    select: { sid: true, data: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
    orderBy: [{ createdAt: 'desc' }, { sid: 'asc' }],
  });
  return rows
    .filter((row) => {
      const facts = factsOf(row.data);
      return facts !== null && sessionOutlived(facts, user.passwordChangedAt, now.getTime(), config) === null;
    })
    .map((row) => ({ sid: row.sid, handle: sessionHandle(row.sid), createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, ip: row.ip, userAgent: row.userAgent }));
}

export function sessionView(open: OpenSession, currentSid: string | undefined): SessionView {
  return {
    id: open.handle,
    current: open.sid === currentSid,
    createdAt: open.createdAt.toISOString(),
    lastSeenAt: open.lastSeenAt?.toISOString() ?? null,
    ip: open.ip,
    userAgent: open.userAgent,
  };
}

/** Ends the user's sessions: all of them, only `sids`, and never `keep` (the caller's own). Returns how many ended. */
export async function endSessions(db: Db, userId: string, options: { sids?: readonly string[]; keep?: string | undefined } = {}): Promise<number> {
  const sid = { ...(options.sids ? { in: [...options.sids] } : {}), ...(options.keep !== undefined ? { not: options.keep } : {}) };
  const { count } = await db.session.deleteMany({ where: { userId, ...(Object.keys(sid).length > 0 ? { sid } : {}) } });
  return count;
}

/** Every session of one user, when their account is deleted: they are signed out there and then. */
export function endSessionsOf(db: Db, userId: string): Promise<number> {
  return endSessions(db, userId);
}
