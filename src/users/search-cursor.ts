// Keyset paging for the user search (R-SEARCH-2): a cursor names the row a page starts after (next)
// or ends before (previous), by the search's sort key, so a page costs one index seek and one
// page of rows wherever it lies, where OFFSET walks and discards every row before it.
//
// The cursor is opaque to clients but not secret: base64url of a small JSON array. It carries no
// filters (the request's own filters apply; a cursor from another search only moves the starting
// point) and no scope (the actor's scope is applied on every request, R-TENANT-1). Decoding never
// throws: a malformed cursor is `null`, which the query schema turns into a 400.
import { z } from 'zod';

/** The search's order: last name, first name (lower-cased copies), then id for a total order. */
export type SortKey = readonly [lastNameSearch: string, firstNameSearch: string, id: string];

export interface PageCursor {
  readonly direction: 'after' | 'before';
  readonly key: SortKey;
  /** The number of the page this cursor leads to, counted from the first; null when it is not known (pages counted from the end). */
  readonly page: number | null;
}

const text = z.string().max(400);
const wire = z.tuple([z.enum(['a', 'b']), text, text, text.min(1), z.number().int().min(1).max(1_000_000).nullable()]);

export function encodeCursor(cursor: PageCursor): string {
  const [last, first, id] = cursor.key;
  return Buffer.from(JSON.stringify([cursor.direction === 'after' ? 'a' : 'b', last, first, id, cursor.page]), 'utf8').toString('base64url');
}

export function decodeCursor(encoded: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(encoded)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = wire.safeParse(json);
  if (!parsed.success) return null;
  const [direction, last, first, id, page] = parsed.data;
  return { direction: direction === 'a' ? 'after' : 'before', key: [last, first, id], page };
}
