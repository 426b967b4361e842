// Which errors mean "the database cannot serve right now" rather than "this request is wrong" or
// "Gatehouse has a bug": a stopped or restarting PostgreSQL, connections it ended, a pool or query
// timeout, a locked or read-only SQLite file. Those are answered 503 (and the transaction they
// interrupted is rolled back by the database), the process keeps running, and the next request
// after the database is back is served as usual, because the drivers reconnect by themselves.
//
// Prisma reports them in several shapes: its own connection codes (P1xxx), a driver adapter error
// (directly, or inside `meta.driverAdapterError`) with a `kind` or the driver's SQLSTATE, and, for
// what the adapters do not translate, the driver's own error (pg's timeouts, SQLite's codes).

/**
 * Prisma's codes for an unreachable server, a timeout, a pool that gave no connection in time, and
 * an interactive transaction that could not start or outlived its timeout (P2028) on a database
 * too slow to answer.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1011', 'P1017', 'P2024', 'P2028']);
/** The driver adapters' kinds for the same (SQLite's SQLITE_BUSY arrives as a SocketTimeout). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);
/**
 * SQLSTATE classes and codes: 08 connection exception, 53 insufficient resources, 57P01–57P03
 * administrator or crash shutdown and "cannot connect now" (starting up), 57014 cancelled by a
 * statement timeout, 25006 read-only transaction (a standby).
 */
const SQLSTATE = /^(08|53)|^57P0[123]$|^57014$|^25006$/;
/** SQLite: busy or locked past the busy timeout, read-only or unopenable file, disk full or failing. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|READONLY|CANTOPEN|IOERR|FULL|PROTOCOL)/;
/** pg's own errors, which carry no code. */
const DRIVER_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Query read timeout/i,
  /is not queryable/i,
  /Cannot use a pool after calling end/i,
  /connect ECONNREFUSED/i,
  /database is locked/i,
  /readonly database/i,
  /Transaction already closed/i,
  /Unable to start a transaction in the given time/i,
];

function isFault(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { code, kind, originalCode, message, severity } = value as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; severity?: unknown };
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || SQLITE_CODES.test(code))) return true;
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  if (kind === 'postgres' && typeof code === 'string' && SQLSTATE.test(code)) return true;
  // pg's own DatabaseError (the read pool's, src/reads/postgres-reads.ts): a SQLSTATE and a severity.
  if (typeof severity === 'string' && typeof code === 'string' && SQLSTATE.test(code)) return true;
  if (typeof originalCode === 'string' && (SQLSTATE.test(originalCode) || SQLITE_CODES.test(originalCode))) return true;
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/** Follows `cause` and Prisma's `meta.driverAdapterError` a few levels deep. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    if (isFault(current)) return true;
    const { cause, meta } = current as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (meta?.driverAdapterError && isDatabaseUnavailable(meta.driverAdapterError)) return true;
    current = cause;
  }
  return false;
}
