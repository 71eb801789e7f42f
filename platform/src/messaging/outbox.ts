import type { CloudEvent } from '@style-flow/contracts';
import type { Queryable } from '../db/database.ts';
import { createEnvelope } from './envelope.ts';
import type { MessageSpans } from './message-spans.ts';

export interface OutboxEntry<Data = unknown> {
  topic: string;
  type: string;
  /** The entity id: the Kafka key, so one entity's events stay in order. */
  subject: string | number;
  data: Data;
  /** W3C traceparent of the request or event that caused this one. */
  traceparent?: string | undefined;
}

/**
 * Writes events into the outbox inside the caller's transaction (DESIGN rule 7): they are published
 * if and only if that transaction commits. With tracing on, each write is a `create` span whose traceparent the
 * message carries (else the entry's own traceparent travels as it was given).
 */
export async function enqueueEvents(
  tx: Queryable,
  service: string,
  entries: readonly OutboxEntry[],
  spans?: MessageSpans | null
): Promise<CloudEvent[]> {
  const envelopes: CloudEvent[] = [];
  for (const entry of entries) {
    const envelope = createEnvelope(service, entry.type, entry.subject, entry.data);
    const headers: Record<string, string> = { 'ce-type': entry.type };
    const write = () =>
      tx.query('insert into platform_outbox (event_id, topic, key, envelope, headers) values ($1, $2, $3, $4, $5)', [
        envelope.id,
        entry.topic,
        envelope.subject,
        JSON.stringify(envelope),
        JSON.stringify(headers)
      ]);
    if (spans) {
      await spans.created(entry.topic, envelope.id, entry.traceparent, headers, write);
    } else {
      if (entry.traceparent) headers.traceparent = entry.traceparent;
      await write();
    }
    envelopes.push(envelope);
  }
  return envelopes;
}
