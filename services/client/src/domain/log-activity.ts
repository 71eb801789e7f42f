import { ClientActivityLogged } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import {
  insertManualEntry,
  insertSystemEntry,
  type ActivityRow,
  type ManualEntry,
  type SystemEntry
} from '../data/activity-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { lockLiveClient } from './live-client.ts';
import { activitySnapshot } from './snapshots.ts';

/** A manual entry on a live client's timeline, logged by a member of staff. */
export async function logActivity(
  ctx: ClientContext,
  clientId: number,
  entry: ManualEntry,
  authorId: number,
  traceparent?: string
): Promise<ActivityRow> {
  return ctx.db.transaction(async (tx) => {
    await lockLiveClient(tx, clientId);
    const logged = await insertManualEntry(tx, clientId, entry, authorId);
    await ctx.emit(tx, [eventOf(ClientActivityLogged, clientId, activitySnapshot(logged), traceparent)]);
    return logged;
  });
}

/**
 * A system entry, in the transaction of the consumed event it comes from: logged once per client and event
 * (the inbox already claims the event; the unique key is the second guard), and announced when it is new.
 */
export async function logSystemEntry(
  ctx: ClientContext,
  tx: Queryable,
  entry: SystemEntry,
  traceparent: string | undefined
): Promise<ActivityRow | null> {
  const logged = await insertSystemEntry(tx, entry);
  if (logged)
    await ctx.emit(tx, [eventOf(ClientActivityLogged, entry.client_id, activitySnapshot(logged), traceparent)]);
  return logged;
}
