import type { CloudEvent, EventData, EventCreated } from '@style-flow/contracts';
import { type Queryable, occurredAt } from '@style-flow/platform';
import { lockLandingClient } from '../data/client-repository.ts';
import { saveKnownEvent } from '../data/known-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { logSystemEntry } from './log-activity.ts';

type EventSnapshot = EventData<typeof EventCreated>;

/** Every event's title and client are kept, to name the event when a contact registers for it. */
export async function keepEvent(tx: Queryable, event: EventSnapshot): Promise<void> {
  await saveKnownEvent(tx, {
    id: event.id,
    title: event.title,
    start_date: new Date(event.start_date),
    client_id: event.client_id ?? null
  });
}

/**
 * An event run for a client (`client_id`, SPEC §3.3) on the client's timeline when it is created and when it is
 * cancelled. An event for a client this service does not know is skipped and logged, not retried.
 */
export async function recordClientEvent(
  ctx: ClientContext,
  tx: Queryable,
  change: 'created' | 'cancelled',
  event: EventSnapshot,
  envelope: CloudEvent,
  traceparent: string | undefined
): Promise<void> {
  await keepEvent(tx, event);
  if (event.client_id === undefined || event.client_id === null) return;
  const client = await lockLandingClient(tx, event.client_id);
  if (!client) {
    ctx.logger.warn({ eventId: event.id, clientId: event.client_id }, `event.${change} for an unknown client; skipped`);
    return;
  }
  const when = event.start_date.slice(0, 10);
  await logSystemEntry(
    ctx,
    tx,
    {
      client_id: client.id,
      type: `event_${change}`,
      description: `Event «${event.title}» on ${when} ${change === 'created' ? 'scheduled' : 'cancelled'}`,
      occurred_at: occurredAt(envelope),
      source_event_id: envelope.id,
      event_id: event.id
    },
    traceparent
  );
}
