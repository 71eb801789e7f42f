import { AppError } from '@style-flow/platform';
import { loadOver } from '../data/load-repository.ts';
import { findResource } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';

export type FreeInterval = { start: Date; end: Date; free_quantity: number };

/**
 * The free quantity of a resource over [from, to), as consecutive intervals of constant free quantity: the sweep the
 * capacity check uses, with neighbours of the same value merged. Setup and teardown count as taken.
 */
export async function availabilityOfResource(
  ctx: ResourceContext,
  id: number,
  from: string,
  to: string
): Promise<{ quantity: number; intervals: FreeInterval[] }> {
  const resource = await findResource(ctx.db, id);
  if (!resource) throw new AppError('NOT_FOUND', `No resource ${id}.`);
  const intervals: FreeInterval[] = [];
  for (const s of await loadOver(ctx.db, id, from, to)) {
    const free = Math.max(0, resource.quantity - s.taken);
    const last = intervals.at(-1);
    if (last && last.free_quantity === free) last.end = s.seg_end;
    else intervals.push({ start: s.seg_start, end: s.seg_end, free_quantity: free });
  }
  return { quantity: resource.quantity, intervals };
}
