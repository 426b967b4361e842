// Runs the access-expiry sweep (R-EXP-2) every `accessExpiry.sweepMinutes` on this instance. Every
// instance may run one: the sweep's claims make each notice and each expiry event happen once.
// unref'd, so it never keeps a process alive; one pass at a time.
import type { GatehouseContext } from '../context.ts';
import { sweepAccessExpiry } from './sweep.ts';

export interface AccessExpiryTimer {
  stop(): Promise<void>;
}

export function startAccessExpirySweep(ctx: GatehouseContext): AccessExpiryTimer {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= sweepAccessExpiry(ctx)
      .catch((error: unknown) => ctx.config.logger.warn(`access expiry sweep: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = null));
  }, ctx.config.accessExpiry.sweepEveryMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
