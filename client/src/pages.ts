import { ProblemError } from './problem.ts';

/** One page of a list (SPEC §1): the items and the opaque cursor of the next page, null on the last. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * Every item of a list, page after page, following next_cursor; a refused page throws a ProblemError.
 * `allPages((cursor) => api.GET('/allocations', { params: { query: { event_id, limit: 200, cursor } } }))`
 */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ data?: Page<T>; error?: unknown; response: Response }>
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await page(cursor);
    if (!response.ok || !data) throw new ProblemError(response, error);
    items.push(...data.data);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
  return items;
}
