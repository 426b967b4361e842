// R-CSRF-2 for the sign-in pages. Signing in and out changes who the browser is, so a form posted
// from another site must not do it: a login CSRF would sign the victim into the attacker's account
// (whatever they then enter is the attacker's to read), and a sign-out by GET lets any page log
// people out with an <img>. Browsers say where a form comes from (Sec-Fetch-Site, or Origin);
// a request from another origin is refused. Clients that send neither are not browsers.
import type { Request, RequestHandler } from 'express';
import { recordAudit } from '../../src/audit/log.ts';
import type { GatehouseContext } from '../../src/context.ts';
import { GatehouseError } from '../../src/errors/gatehouse-error.ts';
import { sendProblem } from '../../src/errors/problem.ts';

function ownOrigins(req: Request, publicUrl: string): Set<string> {
  return new Set([`${req.protocol}://${req.get('host') ?? ''}`, new URL(publicUrl).origin]);
}

export function fromAnotherSite(req: Request, publicUrl: string): boolean {
  // The browser's own verdict first: "same-site" is another origin too (another port of this host).
  // Origin is "null" under Referrer-Policy: no-referrer, which helmet sets, so it cannot come first.
  const site = req.get('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = req.get('origin');
  if (origin === undefined) return false;
  return origin === 'null' || !ownOrigins(req, publicUrl).has(origin);
}

/** Refuses sign-in and sign-out forms posted from another site: 403 problem, audited. */
export function refuseCrossSiteForms(ctx: GatehouseContext): RequestHandler {
  return async (req, res, next) => {
    if (!fromAnotherSite(req, ctx.config.publicUrl)) return next();
    await recordAudit(ctx.prisma, { actorId: null, action: 'panel.request', outcome: 'DENIED', rule: 'R-CSRF-2', ip: req.ip ?? '', targetType: 'panel', details: { method: req.method, path: req.path, origin: req.get('origin') ?? null }, at: ctx.config.now() });
    sendProblem(res, new GatehouseError('CSRF', 'This form was sent from another site; open the sign-in page of this site and try again', { rule: 'R-CSRF-2' }));
  };
}
