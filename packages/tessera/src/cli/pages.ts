import type { Page } from './client/api-types.js';

/** Follows `next_cursor` (all pages, or just the first), at most `maxPages` requests. */
export async function fetchPages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, all: boolean, maxPages = 1000): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (!page.next_cursor) return { items, more: false };
    if (!all) return { items, more: true };
    cursor = page.next_cursor;
  }
  return { items, more: true };
}
