// Who is calling a host route guarded by requirePermission, read from Gatehouse's own session
// cookie without express-session: the host's routes need no req.session of Gatehouse's, and a
// host that runs its own express-session keeps it (req.session is never read nor set here).
//
// Identities are cached per signed cookie value. On a hit, one prepared statement reads the
// session record and the user row together: the record's text is compared with the cached one
// (a sign-out, an end or any change made by another instance shows there) and the user row
// brings what R-SESS-1 re-checks plus the accessVersion that keys the cached actor. So a request
// costs one read and no parsing, and a lock, a disable, a role or policy change still takes effect
// on the next request, on every instance. A miss verifies the signature and reads as usual.
//
// A session acting as another user (R-IMP-1) acts as them here too (host routes and REST reads),
// with the same checks, ending and audit as Gatehouse's own router (impersonation/acting.ts).
import cookie from 'cookie';
import signature from 'cookie-signature';
import type { Request, Response } from 'express';
import type session from 'express-session';
import { actorFor, cachedActor } from '../authz/principal-loader.ts';
import type { Principal } from '../authz/principal.ts';
import type { GatehouseContext } from '../context.ts';
import { requestState } from '../http/state.ts';
import { actAsImpersonated } from '../impersonation/acting.ts';
import { dateColumn, textColumn } from '../reads/columns.ts';
import { defineRead } from '../reads/read-connection.ts';
import { lastSeenIsStale, type SessionFacts, sessionEndReason } from './session-checks.ts';
import { type GatehouseSessionStore, sessionWithOwnerSql } from './session-store.ts';
import { readSessionUserRow, type SessionUser, sessionUserFrom } from './session-user.ts';

/** The same statement as express-session's path reads (session-store.ts), named apart so that the two paths can be told apart when counted. */
const readSessionWithUser = defineRead('session_with_user', sessionWithOwnerSql);

interface SignedInSession extends SessionFacts {
  readonly userId: string;
  /** Support is acting as another user in this session (R-IMP-1). */
  readonly impersonating: boolean;
}

interface Identity {
  readonly sid: string;
  /** What identify answers for it, made once. */
  readonly signedIn: Identified;
  readonly userId: string;
  /** The session record's text as last read: equal text, same session. */
  data: string;
  facts: SignedInSession;
  /** null once the user row is gone (the session then ends as "gone"). */
  user: SessionUser | null;
  ipAllowlistText: string;
  profile: { readonly email: string; readonly firstName: string; readonly lastName: string } | null;
  /** The last principal handed out, reused while actor and address stay the same. */
  principal: Principal | null;
}

function signedInFacts(data: string): SignedInSession | null {
  const parsed = JSON.parse(data) as Partial<session.SessionData>;
  return typeof parsed.userId === 'string' && typeof parsed.signedInAt === 'number'
    ? { userId: parsed.userId, signedInAt: parsed.signedInAt, lastSeenAt: parsed.lastSeenAt, passwordStamp: parsed.passwordStamp, impersonating: parsed.impersonation != null }
    : null;
}

/** What a cookie told: its session's id when it identified a signed-in user. */
export type Identified =
  | { readonly kind: 'signed-in'; readonly sid: string }
  /** No cookie of Gatehouse's, or no live signed-in session behind it; or the session just ended (requestState says why). */
  | { readonly kind: 'none' };

export interface IdentifyOptions {
  /** The request's path as the audit trail names it (R-IMP-1); the whole path by default, as a host route's is. */
  readonly auditPath?: string;
}

export interface CookieIdentifier {
  /** Sets requestState(res).principal (and profile), or sessionEnded, from Gatehouse's cookie. */
  identify(req: Request, res: Response, options?: IdentifyOptions): Promise<Identified>;
  /** Identities held, for tests and for memory accounting. */
  readonly size: number;
}

export function cookieIdentifier(ctx: GatehouseContext, store: GatehouseSessionStore, capacity = 10_000): CookieIdentifier {
  const { cookieName } = ctx.config.session;
  const secret = ctx.config.secret;
  const identities = new Map<string, Identity>();

  function remember(raw: string, identity: Identity): void {
    identities.delete(raw);
    identities.set(raw, identity);
    if (identities.size > capacity) {
      const oldest = identities.keys().next().value;
      if (oldest !== undefined) identities.delete(oldest);
    }
  }

  /** A cookie not seen before (or whose session changed owner): verify, read, parse. */
  async function load(raw: string): Promise<Identity | null> {
    const sid = raw.startsWith('s:') ? signature.unsign(raw.slice(2), secret) : false;
    if (sid === false) return null;
    const stored = await store.read(sid);
    const facts = stored ? signedInFacts(stored.data) : null;
    if (!stored || !facts) return null;
    const found = await readSessionUserRow(ctx.reads, facts.userId);
    return {
      sid,
      signedIn: { kind: 'signed-in', sid },
      userId: facts.userId,
      data: stored.data,
      facts,
      user: found?.user ?? null,
      ipAllowlistText: found?.ipAllowlistText ?? '',
      profile: found ? profileOf(found.user) : null,
      principal: null,
    };
  }

  /** Brings a cached identity up to date with one read; null when its session is gone. */
  async function refresh(raw: string, identity: Identity): Promise<Identity | null> {
    const row = await ctx.reads.first(readSessionWithUser, [identity.sid]);
    if (!row || (dateColumn(row.sessionExpiresAt)?.getTime() ?? 0) <= Date.now()) return null;
    const data = textColumn(row.sessionData);
    if (data !== identity.data) {
      const facts = signedInFacts(data);
      if (!facts || facts.userId !== identity.userId) return load(raw);
      identity.data = data;
      identity.facts = facts;
    }
    if (row.id === null || row.id === undefined) {
      identity.user = null;
      return identity;
    }
    // The record's userId column is written with the record, so this is the identity's user.
    if (row.id !== identity.userId) return load(raw);
    const { user, ipAllowlistText } = sessionUserFrom(row, identity.user ? { user: identity.user, ipAllowlistText: identity.ipAllowlistText } : undefined);
    identity.user = user;
    identity.ipAllowlistText = ipAllowlistText;
    const profile = identity.profile;
    if (!profile || profile.email !== user.email || profile.firstName !== user.firstName || profile.lastName !== user.lastName) identity.profile = profileOf(user);
    return identity;
  }

  /** The request runs as the user acted as, or the impersonation ends and the record is saved without it. */
  async function actAsImpersonatedIn(identity: Identity, req: Request, res: Response, path: string): Promise<void> {
    const data = JSON.parse(identity.data) as session.SessionData;
    if (await actAsImpersonated(ctx, data, req.method, requestState(res), path)) {
      identity.data = await store.write(identity.sid, data);
      identity.facts = { ...identity.facts, impersonating: false, lastSeenAt: data.lastSeenAt };
    }
  }

  async function touch(identity: Identity, now: number): Promise<void> {
    identity.data = (await store.touchLastSeen(identity.sid, now)) ?? identity.data;
    identity.facts = { ...identity.facts, lastSeenAt: now };
  }

  return {
    get size() {
      return identities.size;
    },
    async identify(req, res, options = {}) {
      const header = req.headers.cookie;
      if (header === undefined || !header.includes(cookieName)) return NONE;
      const raw = cookie.parse(header)[cookieName];
      if (raw === undefined) return NONE;
      const cached = identities.get(raw);
      const identity = cached ? await refresh(raw, cached) : await load(raw);
      if (!identity) {
        identities.delete(raw);
        return NONE;
      }
      const state = requestState(res);
      const now = ctx.config.now().getTime();
      const ip = req.ip ?? '';
      const { user } = identity;
      const reason = sessionEndReason(identity.facts, user, now, ctx.config, ip);
      if (reason || !user) {
        identities.delete(raw);
        await new Promise<void>((resolve) => store.destroy(identity.sid, () => resolve()));
        state.sessionEnded = reason ?? 'gone';
        return NONE;
      }
      remember(raw, identity);
      if (lastSeenIsStale(identity.facts, now)) await touch(identity, now);
      const actor = cachedActor(ctx, identity.userId, user.accessVersion, now) ?? (await actorFor(ctx, identity.userId, user.accessVersion));
      const previous = identity.principal;
      identity.principal = previous && previous.actor === actor && previous.ip === ip ? previous : { userId: identity.userId, actor, via: 'session', ip };
      state.principal = identity.principal;
      state.profile = identity.profile;
      if (identity.facts.impersonating) await actAsImpersonatedIn(identity, req, res, options.auditPath ?? req.originalUrl.split('?')[0] ?? req.path);
      return identity.signedIn;
    },
  };
}

const NONE: Identified = { kind: 'none' };

function profileOf(user: SessionUser): NonNullable<Identity['profile']> {
  return { email: user.email, firstName: user.firstName, lastName: user.lastName };
}
