// Runs on every request behind the router: finds who is calling (an API key on REST calls, else
// the session cookie) and re-checks, against the database, that they still may (R-SESS-1): a
// disabled, locked or re-passworded user, an expired session or an address outside the allowlist
// ends here.
import type { Request, RequestHandler, Response } from 'express';
import { Prisma } from '../../generated/sqlite/index.js';
import { parseStringList } from '../authz/json-columns.ts';
import { principalFor } from '../authz/principal-loader.ts';
import type { GatehouseContext } from '../context.ts';
import { isGatehouseError } from '../errors/gatehouse-error.ts';
import { sendProblem } from '../errors/problem.ts';
import { requestState } from '../http/state.ts';
import { authenticateApiKey, bearerToken } from './api-key-auth.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { isLocked } from './lockout.ts';
import { sqlTable } from './sql-tables.ts';

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** What R-SESS-1 re-checks on each request. Read with raw SQL: the same read through
 *  `user.findUnique` is compiled by the query compiler on every call, several times the cost. */
interface SessionUser {
  id: string;
  status: string;
  lockedUntil: Date | null;
  passwordChangedAt: Date | null;
  accessVersion: number;
  ipAllowlist: string;
  email: string;
  firstName: string;
  lastName: string;
}

async function sessionUser(ctx: GatehouseContext, userId: string): Promise<SessionUser | null> {
  const rows = await ctx.prisma.$queryRaw<SessionUser[]>(
    Prisma.sql`SELECT "id", "status", "lockedUntil", "passwordChangedAt", "accessVersion", "ipAllowlist", "email", "firstName", "lastName"
      FROM ${sqlTable(ctx, 'User')} WHERE "id" = ${userId}`,
  );
  const row = rows[0];
  return row ? { ...row, accessVersion: Number(row.accessVersion) } : null;
}

export type SessionEndReason = 'disabled' | 'locked' | 'password-changed' | 'idle' | 'expired' | 'ip' | 'gone';

function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

function passwordChangedSince(session: Request['session'], passwordChangedAt: Date | null): boolean {
  const current = passwordChangedAt?.getTime() ?? null;
  // Sessions started by finishSignIn carry the exact value they began with.
  if (session.passwordStamp !== undefined) return current !== session.passwordStamp;
  return current !== null && current > (session.signedInAt ?? 0);
}

export function authenticate(ctx: GatehouseContext): RequestHandler {
  return async (req: Request, res: Response, next) => {
    const state = requestState(res);

    // API keys authenticate REST calls only; the panel is a browser's, with its session.
    const key = req.path.startsWith('/api/') ? bearerToken(req.get('authorization')) : null;
    if (key !== null) {
      try {
        const caller = await authenticateApiKey(ctx, key, req.ip ?? '');
        state.principal = caller.principal;
        state.profile = caller.profile;
        return next();
      } catch (error) {
        if (!isGatehouseError(error)) throw error;
        return sendProblem(res, error);
      }
    }

    const session = req.session;
    const userId = session?.userId;
    if (!userId || !session.signedInAt) return next();

    const now = ctx.config.now().getTime();
    const user = await sessionUser(ctx, userId);
    const reason: SessionEndReason | null = !user
      ? 'gone'
      : user.status !== 'ACTIVE'
        ? 'disabled'
        : isLocked(user, new Date(now))
          ? 'locked'
          : passwordChangedSince(session, user.passwordChangedAt)
            ? 'password-changed'
            : now - session.signedInAt > ctx.config.session.absoluteMs
              ? 'expired'
              : now - (session.lastSeenAt ?? session.signedInAt) > ctx.config.session.idleMs
                ? 'idle'
                : !ipAllowed(parseStringList(user.ipAllowlist), req.ip ?? '')
                  ? 'ip'
                  : null;
    if (reason || !user) {
      await destroy(req);
      state.sessionEnded = reason ?? 'gone';
      return next();
    }
    if (now - (session.lastSeenAt ?? 0) > LAST_SEEN_RESOLUTION_MS) session.lastSeenAt = now;
    state.profile = { email: user.email, firstName: user.firstName, lastName: user.lastName };
    state.principal = await principalFor(ctx, user.id, user.accessVersion, req.ip ?? '', 'session');
    next();
  };
}
