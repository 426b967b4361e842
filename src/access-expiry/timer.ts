// Runs the access-expiry sweep (R-EXP-2) every `accessExpiry.sweepMinutes` on this instance. Every
// instance may run one: the sweep's claims make each notice and each expiry event happen once.
// unref'd, so it never keeps a process alive; one pass at a time. A pass runs only when the read
// connection finds a membership it may concern: the sweep's Prisma queries (and Prisma's query
// compiler, tens of MiB once loaded) wait for one instead of running every few minutes for nothing.
import type { GatehouseContext } from '../context.ts';
import { dateColumn, dateParam } from '../reads/columns.ts';
import { defineRead } from '../reads/read-connection.ts';
import { sweepAccessExpiry } from './sweep.ts';

/**
 * The earliest end not yet recorded, and the earliest not yet noticed after the cutoff: together a
 * superset of both of the sweep's queries (sweep.ts), which also filter on who the member is.
 */
const readFirstOpenEnds = defineRead(
  'access_expiry_first_open_ends',
  (d) => `SELECT MIN(CASE WHEN "expiryRecordedAt" IS NULL THEN "expiresAt" END) AS "firstUnrecorded",
      MIN(CASE WHEN "expiryNoticeSentAt" IS NULL AND "expiresAt" > ${d.param(1)} THEN "expiresAt" END) AS "firstUnnoticed"
    FROM ${d.table('Membership')} WHERE "expiresAt" IS NOT NULL`,
);

/** Whether a pass may find work: an end that is past and unrecorded, or one within the notice period and unnoticed. */
export async function accessExpiryMayBeDue(ctx: GatehouseContext): Promise<boolean> {
  const now = ctx.config.now().getTime();
  // A minute's margin: the cutoff is compared as text on SQLite.
  const row = await ctx.reads.first(readFirstOpenEnds, [dateParam(ctx.reads.provider, new Date(now - 60_000))]);
  const unrecorded = dateColumn(row?.firstUnrecorded);
  const unnoticed = dateColumn(row?.firstUnnoticed);
  return (unrecorded !== null && unrecorded.getTime() <= now) || (unnoticed !== null && unnoticed.getTime() <= now + ctx.config.accessExpiry.noticeMs);
}

export interface AccessExpiryTimer {
  stop(): Promise<void>;
}

export function startAccessExpirySweep(ctx: GatehouseContext): AccessExpiryTimer {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= accessExpiryMayBeDue(ctx)
      .then((due) => (due ? sweepAccessExpiry(ctx) : null))
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
