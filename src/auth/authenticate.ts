// Runs on every request behind the router: finds who is calling (session cookie or API key) and
// re-checks, against the database, that they still may (R-SESS-1): a disabled, locked or
// re-passworded user, an expired session or an address outside the allowlist ends here.
import type { Request, RequestHandler, Response } from 'express';
import { parseStringList } from '../authz/json-columns.ts';
import { principalFor } from '../authz/principal-loader.ts';
import type { GatehouseContext } from '../context.ts';
import { requestState } from '../http/state.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { isLocked } from './lockout.ts';

const LAST_SEEN_RESOLUTION_MS = 60_000;

const sessionUserSelect = {
  id: true,
  status: true,
  lockedUntil: true,
  passwordChangedAt: true,
  accessVersion: true,
  ipAllowlist: true,
  email: true,
  firstName: true,
  lastName: true,
} as const;

export type SessionEndReason = 'disabled' | 'locked' | 'password-changed' | 'idle' | 'expired' | 'ip' | 'gone';

function destroy(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

export function authenticate(ctx: GatehouseContext): RequestHandler {
  return async (req: Request, res: Response, next) => {
    const state = requestState(res);
    const session = req.session;
    const userId = session?.userId;
    if (!userId || !session.signedInAt) return next();

    const now = ctx.config.now().getTime();
    const user = await ctx.prisma.user.findUnique({ where: { id: userId }, select: sessionUserSelect });
    const reason: SessionEndReason | null = !user
      ? 'gone'
      : user.status !== 'ACTIVE'
        ? 'disabled'
        : isLocked(user, new Date(now))
          ? 'locked'
          : user.passwordChangedAt && user.passwordChangedAt.getTime() > session.signedInAt
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
