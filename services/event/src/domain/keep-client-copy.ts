import { EventUpdated, type ClientCreated, type EventData } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import { repointClient } from '../data/event-repository.ts';
import { keepClient, keepMerge } from '../data/known-client-repository.ts';
import type { EventContext } from '../event-context.ts';
import { eventSnapshot } from './snapshots.ts';

// The local copy of clients (SPEC §5), written in the consumer's transaction with the inbox claim.

export const keepClientCopy = (tx: Queryable, c: EventData<typeof ClientCreated>) =>
  keepClient(tx, { id: c.id, status: c.status, merged_into: c.merged_into });

/**
 * client.merged: `fromId` lives on in `intoId`, so the events run for `fromId` are run for `intoId` now, each
 * announced with event.updated in the same transaction, so the other services' copies follow.
 */
export async function keepClientMerge(
  ctx: EventContext,
  tx: Queryable,
  merged: { id: number; from_id: number },
  traceparent?: string
): Promise<void> {
  await keepMerge(tx, merged.from_id, merged.id);
  const moved = await repointClient(tx, merged.from_id, merged.id);
  if (moved.length > 0)
    await ctx.emit(
      tx,
      moved.map((e) => eventOf(EventUpdated, e.id, eventSnapshot(e), traceparent))
    );
}
