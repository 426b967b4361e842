// Rate limits on the sign-in routes (REST and panel), per client address and per account, on top
// of the account lock (R-LOCK-1): they slow down password spraying across many accounts from one
// address, and guessing against one account from many. Only failed attempts count, so people who
// sign in correctly, however often, are never limited. Counters live where every instance sees
// them (ctx.rateLimits: the database, or Redis), so the limits are the deployment's, not a process's.
import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import type { GatehouseContext } from '../context.ts';
import { GatehouseError, isGatehouseError } from '../errors/gatehouse-error.ts';

export interface SignInLimiter {
  /** Rejects with RATE_LIMITED (429) when the address or the account is over its limit. */
  check(req: Request, res: Response, accountKey: string | null): Promise<void>;
}

const ACCOUNT_KEY = Symbol('gatehouse.rateLimitAccount');
type Keyed = Request & { [ACCOUNT_KEY]?: string };

const limiters = new WeakMap<GatehouseContext, SignInLimiter>();

/** A limit that cannot be checked (the database or Redis is unreachable) is a 503: never a pass. */
function run(ctx: GatehouseContext, handler: RateLimitRequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void handler(req, res, (error?: unknown) => {
      if (!error) return resolve();
      if (isGatehouseError(error)) return reject(error);
      ctx.config.logger.warn(`rate limits: the counter store failed: ${error instanceof Error ? error.message : String(error)}`);
      reject(new GatehouseError('SERVICE_UNAVAILABLE', 'Sign-in limits cannot be checked right now; try again in a moment'));
    });
  });
}

/** What every Gatehouse limiter shares: the window, the standard headers, 429 as a problem. */
function commonOptions(windowMs: number) {
  return {
    windowMs,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    // req.ip already honours the host's `trust proxy` setting and nothing else; the library's
    // start-up warnings about proxies would only repeat that.
    validate: false,
    handler: (_req: Request, _res: Response, next: (error: unknown) => void) => next(new GatehouseError('RATE_LIMITED')),
  };
}

function build(ctx: GatehouseContext): SignInLimiter {
  const settings = ctx.config.signInRateLimit;
  if (!settings) return { check: async () => {} };
  const common = { ...commonOptions(settings.windowMs), skipSuccessfulRequests: true };
  const perIp = rateLimit({
    ...common,
    limit: settings.perIp,
    identifier: 'sign-in-ip',
    store: ctx.rateLimits.store('sign-in-ip'),
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
  });
  const perAccount = rateLimit({
    ...common,
    limit: settings.perAccount,
    identifier: 'sign-in-account',
    store: ctx.rateLimits.store('sign-in-account'),
    skip: (req) => !(req as Keyed)[ACCOUNT_KEY],
    keyGenerator: (req) => (req as Keyed)[ACCOUNT_KEY] ?? '',
  });
  return {
    async check(req, res, accountKey) {
      await run(ctx, perIp, req, res);
      if (accountKey) (req as Keyed)[ACCOUNT_KEY] = accountKey;
      await run(ctx, perAccount, req, res);
    },
  };
}

/** One limiter per Gatehouse instance, shared by the REST routes and the panel's login pages. */
export function signInLimiter(ctx: GatehouseContext): SignInLimiter {
  let limiter = limiters.get(ctx);
  if (!limiter) limiters.set(ctx, (limiter = build(ctx)));
  return limiter;
}

export interface RequestLimiter {
  /** Rejects with RATE_LIMITED (429) when the client address is over its limit. */
  check(req: Request, res: Response): Promise<void>;
}

const forgotLimiters = new WeakMap<GatehouseContext, RequestLimiter>();

/**
 * Forgot-password requests per client address, every request counted (each may send a mail): the
 * same budget as failed sign-ins. Per account, request.ts caps the links themselves.
 */
export function forgotPasswordLimiter(ctx: GatehouseContext): RequestLimiter {
  let limiter = forgotLimiters.get(ctx);
  if (limiter) return limiter;
  const settings = ctx.config.signInRateLimit;
  if (!settings) {
    limiter = { check: async () => {} };
  } else {
    const perIp = rateLimit({
      ...commonOptions(settings.windowMs),
      limit: settings.perIp,
      identifier: 'forgot-password-ip',
      store: ctx.rateLimits.store('forgot-password-ip'),
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    });
    limiter = { check: (req, res) => run(ctx, perIp, req, res) };
  }
  forgotLimiters.set(ctx, limiter);
  return limiter;
}
