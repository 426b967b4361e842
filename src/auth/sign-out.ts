// Signing out, from the REST API or the panel: the session is destroyed on the server (R-SESS-1).
// An impersonation under way ends with it, and is audited as its other ends are (R-IMP-1), so the
// trail says how every impersonation ended.
import type { Request } from 'express';
import type { GatehouseContext } from '../context.ts';
import { recordImpersonationEnd } from '../impersonation/audit.ts';
import { endSession } from './establish-session.ts';

export async function signOut(ctx: GatehouseContext, req: Request): Promise<void> {
  const impersonation = req.session?.impersonation;
  // Only the session owner's own impersonation (authenticate drops any other, unaudited).
  if (impersonation && impersonation.impersonatorId === req.session.userId) await recordImpersonationEnd(ctx, impersonation, req.ip ?? '', 'the impersonator signed out');
  await endSession(req);
}
