import { pgConstraint, type Queryable } from '@style-flow/platform';

/** A span of constant load: `taken` units of the resource are held over [seg_start, seg_end). */
export type LoadSegment = {
  seg_start: Date;
  seg_end: Date;
  taken: number;
};

/** A live allocation or block that stands where the quantity would be exceeded. */
export type Conflict = {
  id: number;
  kind: 'allocation' | 'block';
  event_id: number | null;
  quantity: number;
  start_time: string;
  end_time: string;
  status: string;
};

/** The database refused a write because some instant would hold more than the resource's quantity. */
export class OverCapacity extends Error {
  override name = 'OverCapacity';
  readonly peak: number;
  readonly quantity: number;
  readonly conflicts: Conflict[];
  constructor(peak: number, quantity: number, conflicts: Conflict[], cause: unknown) {
    super(`peak ${peak} over quantity ${quantity}`, { cause });
    this.peak = peak;
    this.quantity = quantity;
    this.conflicts = conflicts;
  }
}

/** The load of a resource over [from, to), from the sweep the capacity check uses (resource_load). */
export async function loadOver(db: Queryable, resourceId: number, from: string, to: string): Promise<LoadSegment[]> {
  const { rows } = await db.query<LoadSegment>(
    'select seg_start, seg_end, taken from resource_load($1, $2, $3) order by seg_start',
    [resourceId, from, to]
  );
  return rows;
}

type RawConflict = Omit<Conflict, 'kind'>;

function overCapacity(error: unknown): OverCapacity | null {
  if (pgConstraint(error) !== 'resource_capacity') return null;
  const detail = (error as { detail?: unknown }).detail;
  const parsed = JSON.parse(typeof detail === 'string' ? detail : '{}') as {
    peak?: number;
    quantity?: number;
    conflicts?: RawConflict[];
  };
  const conflicts = (parsed.conflicts ?? []).map((c) => ({
    id: c.id,
    kind: c.event_id === null ? ('block' as const) : ('allocation' as const),
    event_id: c.event_id,
    quantity: c.quantity,
    start_time: new Date(c.start_time).toISOString(),
    end_time: new Date(c.end_time).toISOString(),
    status: c.status
  }));
  return new OverCapacity(parsed.peak ?? 0, parsed.quantity ?? 0, conflicts, error);
}

/**
 * Runs a write that may add load to a resource; the capacity trigger's refusal (constraint resource_capacity,
 * its detail a JSON of the peak and the conflicts) comes back as OverCapacity.
 */
export async function checkingCapacity<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw overCapacity(error) ?? error;
  }
}
