import type { CloudEvent } from '@style-flow/contracts';
import { occurredAt, type Queryable } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';

/**
 * A fact another service announced, in the user's history (SPEC §3.2): dated when it happened there, the way the
 * client service dates its timeline (occurredAt), and kept once per event id, so a redelivery adds nothing. The
 * profile need not be here yet: activity has no foreign key to users, so an event that overtakes
 * `auth.user.registered` is kept.
 */
export async function recordLearnedActivity(
  tx: Queryable,
  event: CloudEvent,
  entry: { userId: number; type: string; details?: Record<string, unknown>; at?: string }
): Promise<void> {
  await recordActivity(tx, {
    userId: entry.userId,
    type: entry.type,
    ...(entry.details ? { details: entry.details } : {}),
    occurredAt: entry.at ?? occurredAt(event),
    sourceEventId: event.id
  });
}
