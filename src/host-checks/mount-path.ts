// Gatehouse builds its links (panel, sign-in redirects, e-mails) from `mountPath`. Mounted
// anywhere else, every redirect would lead to a page that does not exist; instead of failing
// silently, the router answers that it is misconfigured and says how to fix it, once in the log.
import type { RequestHandler } from 'express';
import type { Logger } from '../config/options.ts';
import { GatehouseError } from '../errors/gatehouse-error.ts';
import { sendProblem } from '../errors/problem.ts';

export function mountPathMismatch(mountPath: string, mountedAt: string): string {
  return `Gatehouse's router is mounted at "${mountedAt || '/'}" but createGatehouse was given mountPath "${mountPath}": pass mountPath: '${mountedAt || '/'}' (or mount it at "${mountPath}").`;
}

export function requireMountPath(mountPath: string, logger: Logger): RequestHandler {
  let logged = false;
  return (req, res, next) => {
    if (req.baseUrl === mountPath) return next();
    const message = mountPathMismatch(mountPath, req.baseUrl);
    if (!logged) {
      logged = true;
      logger.error(message);
    }
    sendProblem(res, new GatehouseError('INTERNAL', message));
  };
}
