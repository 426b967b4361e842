// The search's partial-text filters (R-SEARCH-1): which column each one reads, the LIKE that checks
// it on the user's row, and the FTS5 query that finds candidate rows from the trigram index.
// Everything the user typed travels as a bound parameter; nothing here builds SQL from it.
import { Prisma } from '../../generated/sqlite/index.js';

const sql = Prisma.sql;

/** The lower-cased columns the text filters read (the *Search copies of the names; e-mail and username are stored lower-cased). */
export type TextColumn = 'username' | 'email' | 'firstNameSearch' | 'lastNameSearch';

export interface TextFilter {
  readonly column: TextColumn;
  /** Lower-cased, as the column is. */
  readonly text: string;
}

export interface TextInput {
  readonly username?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly email?: string | undefined;
}

/** FTS5's trigram tokenizer indexes runs of three characters: a shorter pattern cannot be looked up in it. */
export const TRIGRAM = 3;

export function textFilters(input: TextInput): TextFilter[] {
  const given: [TextColumn, string | undefined][] = [
    ['username', input.username],
    ['firstNameSearch', input.firstName],
    ['lastNameSearch', input.lastName],
    ['email', input.email],
  ];
  return given.flatMap(([column, text]) => (text === undefined || text === '' ? [] : [{ column, text: text.toLowerCase() }]));
}

/** `%`, `_` and the escape character itself match literally. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** The filter checked on the user's row: always applied, on either path, so the index only ever narrows the candidates. */
export function likeClause(filter: TextFilter): Prisma.Sql {
  const column = Prisma.raw(`u."${filter.column}"`);
  // A pattern shorter than a trigram gives pg_trgm nothing to look up: PostgreSQL would still read
  // the whole GIN index for it (470 ms for "zo" + locked at 1 000 000 users, beside a locked-users
  // index of 9 000 rows). Written as an expression, the column is checked on the rows the other
  // filters found instead. SQLite never looks up LIKE '%…%' in an index; the same text serves both.
  const checked = characters(filter.text) < TRIGRAM ? sql`(${column} || '')` : column;
  // A backslash escape is spelled the same on both databases (PostgreSQL with standard_conforming_strings).
  return sql`${checked} LIKE ${likeContains(filter.text)} ESCAPE '\\'`;
}

/** Code points, not UTF-16 units: "zoë" is three characters to the tokenizer. */
const characters = (text: string) => [...text].length;

/**
 * The FTS5 query matching every filter of three characters or more as a substring of its column:
 * `lastNameSearch : "smy" AND email : "bench"`. Inside an FTS5 string only `"` is special (doubled);
 * `%`, `_`, `*`, `:` and the rest are plain characters. Null when no filter is long enough.
 */
export function ftsQuery(filters: readonly TextFilter[]): string | null {
  const terms = filters.filter((filter) => characters(filter.text) >= TRIGRAM).map((filter) => `${filter.column} : "${filter.text.replace(/"/g, '""')}"`);
  return terms.length === 0 ? null : terms.join(' AND ');
}
