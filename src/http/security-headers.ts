// The security headers of every answer (helmet). Panel pages: AdminJS renders its state into
// inline scripts, which carry this response's nonce (plugin/page-hardening.ts), and no other inline
// script runs; nothing is loaded from elsewhere (fonts are the system's, images the panel's own or
// inline); styles stay 'unsafe-inline' because AdminJS's design system writes them at run time.
// The REST API answers JSON, which loads nothing and runs nothing: its policy is fixed, so its
// headers are the same strings on every answer (no nonce drawn, no policy written per request).
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { cspNonce } from '../../plugin/page-hardening.ts';
import { isApiCall } from './api-path.ts';

export function securityHeaders(): RequestHandler {
  const pageHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        'script-src': ["'self'", (_req, res) => `'nonce-${cspNonce(res as Response)}'`],
        'style-src': ["'self'", "'unsafe-inline'"],
        'font-src': ["'self'", 'data:'],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  const apiHeaders = helmet({ contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } } });
  return (req, res, next) => (isApiCall(req.path) ? apiHeaders : pageHeaders)(req, res, next);
}
