import { AppError } from '@style-flow/platform';
import type { OverCapacity } from '../data/load-repository.ts';

/**
 * The 409 of an allocation or block that does not fit (SPEC §3.4): the allocations and blocks in the way, and the
 * quantity still free over the whole window. The new row counted `requested` at every instant of the window, so
 * the others' peak there is the peak less that.
 */
export function overCapacityConflict(refusal: OverCapacity, requested: number): AppError {
  const free = Math.max(0, refusal.quantity - (refusal.peak - requested));
  return new AppError(
    'ALLOCATION_CONFLICT',
    `Only ${free} of ${refusal.quantity} are free over the whole window; ${requested} were asked for.`,
    { extras: { free_quantity: free, requested_quantity: requested, conflicts: refusal.conflicts } }
  );
}
