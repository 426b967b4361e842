// Lists page with `page` and `pageSize` (at most 100) and report `total` (docs/rest.md).
import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
};

export interface PageInput {
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Services are called by the panel too, so they clamp rather than trust the route's schema. */
export function pageWindow(input: PageInput): { page: number; pageSize: number; skip: number } {
  const page = Math.max(1, Math.floor(input.page ?? 1));
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? 50)));
  return { page, pageSize, skip: (page - 1) * pageSize };
}
