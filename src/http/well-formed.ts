// Text that is not well-formed Unicode — a lone surrogate, which JSON's "\ud800" escape can carry —
// has no UTF-8 form, and PostgreSQL's text holds no NUL character: the databases refuse such text
// (PostgreSQL) or mangle it (SQLite), deep inside a service, as a 500. Every request Gatehouse
// accepts, through the REST API or the panel, is checked once, at the edge: a path holding such
// text names nothing (404), a body or query holding it is a 400 that says where.
import type { RequestHandler } from 'express';
import { GatehouseError } from '../errors/gatehouse-error.ts';

/** In a `u` regular expression a surrogate pair is one code point; only a lone surrogate is Cs. And NUL. */
const UNSTORABLE = /[\p{Surrogate}\u0000]/u;
export const wellFormed = (text: string): boolean => !UNSTORABLE.test(text);

/** The path of the first string (or key) that is not well-formed, or null. Iterative: input may nest deeply. */
export function illFormedPath(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (!wellFormed(current)) return path;
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push([item, path ? `${path}.${index}` : String(index)]));
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        const at = path ? `${path}.${key}` : key;
        if (!wellFormed(key)) return at;
        pending.push([item, at]);
      }
    }
  }
  return null;
}

export function illFormedTextError(where: 'body' | 'query', path: string): GatehouseError {
  return new GatehouseError('INVALID_INPUT', 'Text must be valid Unicode, without NUL characters', { errors: [{ in: where, path, message: 'contains a lone surrogate or a NUL character' }] });
}

/** Refuses a request whose path, JSON body or query string holds text that is not well-formed. */
export function requireWellFormedText(): RequestHandler {
  return (req, _res, next) => {
    // A path naming an id no database could hold (a NUL, a lone surrogate) names nothing.
    let path: string | null = null;
    try {
      path = decodeURIComponent(req.path);
    } catch {
      path = null;
    }
    if (path === null || !wellFormed(path)) return next(new GatehouseError('NOT_FOUND', 'No such API route'));
    const inBody = illFormedPath(req.body);
    if (inBody !== null) return next(illFormedTextError('body', inBody));
    const inQuery = illFormedPath(req.query);
    if (inQuery !== null) return next(illFormedTextError('query', inQuery));
    return next();
  };
}
