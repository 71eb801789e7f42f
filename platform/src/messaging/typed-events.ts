import { Compile } from 'typebox/compile';
import type { CloudEvent, EventData, EventDefinition } from '@style-flow/contracts';
import type { Queryable } from '../db/database.ts';
import { PermanentEventError, type DeliveryContext, type EventHandler } from './event-consumer.ts';
import type { OutboxEntry } from './outbox.ts';

/**
 * A handler for one event definition of `contracts`: the payload is checked against its schema first
 * (a payload that does not match can never succeed, so it is dead-lettered at once).
 */
export function on<D extends EventDefinition>(
  definition: D,
  handle: (tx: Queryable, data: EventData<D>, event: CloudEvent, context: DeliveryContext) => Promise<void>
): EventHandler {
  const validator = Compile(definition.data);
  return {
    topic: definition.topic,
    type: definition.type,
    async handle(tx, event, context) {
      if (!validator.Check(event.data)) {
        const first = [...validator.Errors(event.data)][0];
        throw new PermanentEventError(
          `${definition.type} payload is invalid at ${first?.instancePath || '/'}: ${first?.message ?? 'does not match'}`
        );
      }
      await handle(tx, event.data as EventData<D>, event, context);
    }
  };
}

/** A typed outbox entry for one event definition. */
export function eventOf<D extends EventDefinition>(
  definition: D,
  subject: string | number,
  data: EventData<D>,
  traceparent?: string
): OutboxEntry {
  return { topic: definition.topic, type: definition.type, subject, data, traceparent };
}
