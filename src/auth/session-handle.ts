// A session's public name. The session id is the cookie's secret: whoever knows it holds the
// session, so it never leaves the server. Lists and "end this one" use a truncated SHA-256 of it
// instead — stable, unique enough (128 bits), and useless for signing in.
import { createHash } from 'node:crypto';

export const SESSION_HANDLE_LENGTH = 32;

export function sessionHandle(sid: string): string {
  return createHash('sha256').update(sid).digest('hex').slice(0, SESSION_HANDLE_LENGTH);
}
