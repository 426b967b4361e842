// Which rows a page reads and where it sits (R-SEARCH-2), as pure functions of the request and of
// the rows read. Pages are aligned from the first row: next and previous cursors lead to exactly
// the pages `page=n` gives, so a client may mix them. Only the last page of a capped search — whose
// number nobody knows without the exact count — is aligned from the end, and so are the pages
// reached backwards from it (their number is null) until the first page, which is always whole.
import { encodeCursor, type PageCursor, type SortKey } from './search-cursor.ts';
import type { KeyedRow, PageWindow } from './search-sql.ts';

export type PageTarget = { readonly kind: 'number'; readonly page: number } | { readonly kind: 'last' } | { readonly kind: 'cursor'; readonly cursor: PageCursor };

export interface PagePosition {
  readonly rows: KeyedRow[];
  readonly page: number | null;
  readonly next: string | null;
  readonly previous: string | null;
}

const keyOf = (row: KeyedRow): SortKey => [row.lastNameSearch, row.firstNameSearch, row.id];
const pageBefore = (page: number | null) => (page !== null && page > 1 ? page - 1 : null);
const pageAfter = (page: number | null) => (page !== null ? page + 1 : null);
const after = (row: KeyedRow | undefined, page: number | null) => (row ? encodeCursor({ direction: 'after', key: keyOf(row), page }) : null);
const before = (row: KeyedRow | undefined, page: number | null) => (row ? encodeCursor({ direction: 'before', key: keyOf(row), page }) : null);

/** The last page of an exact total, by number: the same rows `page=n` gives. */
export function lastPageNumber(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** One row more than the page: whether it comes back tells whether there is a page beyond. */
export function windowOf(target: PageTarget, pageSize: number): PageWindow {
  const limit = pageSize + 1;
  switch (target.kind) {
    case 'number':
      return { kind: 'offset', offset: (target.page - 1) * pageSize, limit };
    case 'last':
      return { kind: 'last', limit };
    case 'cursor':
      return { kind: target.cursor.direction, key: target.cursor.key, limit };
  }
}

/** A page by number from the rows of its window. */
export function numberedPosition(page: number, pageSize: number, read: readonly KeyedRow[]): PagePosition {
  const rows = read.slice(0, pageSize);
  return { rows, page, next: read.length > pageSize ? after(rows.at(-1), page + 1) : null, previous: page > 1 ? before(rows[0], page - 1) : null };
}

/**
 * The page from the rows its window read, or 'first' when a previous-page cursor found less than a
 * whole page before it: that is the first page, read again whole by number.
 */
export function positionOf(target: PageTarget, pageSize: number, read: readonly KeyedRow[]): PagePosition | 'first' {
  const more = read.length > pageSize;
  const forwards = read.slice(0, pageSize);
  if (target.kind === 'number') return numberedPosition(target.page, pageSize, read);
  if (target.kind === 'cursor' && target.cursor.direction === 'after') {
    const page = target.cursor.page;
    return { rows: forwards, page, next: more ? after(forwards.at(-1), pageAfter(page)) : null, previous: before(forwards[0], pageBefore(page)) };
  }
  // Read backwards: a previous-page cursor, or the last page of a capped search.
  if (target.kind === 'cursor' && read.length < pageSize) return 'first';
  const rows = forwards.reverse();
  const page = more ? (target.kind === 'cursor' ? target.cursor.page : null) : 1;
  return { rows, page, next: target.kind === 'cursor' ? after(rows.at(-1), pageAfter(page)) : null, previous: more ? before(rows[0], pageBefore(page)) : null };
}
