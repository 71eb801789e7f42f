import type { HoldingRow } from '../data/allocation-repository.ts';
import type { Conflict } from '../data/load-repository.ts';

/** An allocation or block as a 409 lists it: the same shape as the capacity trigger's conflicts. */
export function allocationConflictView(a: HoldingRow): Conflict {
  return {
    id: a.id,
    kind: a.event_id === null ? 'block' : 'allocation',
    event_id: a.event_id,
    quantity: a.quantity,
    start_time: a.start_time.toISOString(),
    end_time: a.end_time.toISOString(),
    status: a.status
  };
}
