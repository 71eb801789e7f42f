import type { CloudEvent } from '@style-flow/contracts';
import type { DeliveryContext, EventHandler, Queryable } from '@style-flow/platform';
import { fanOut } from '../data/webhook-repository.ts';
import type { NotificationContext } from '../notification-context.ts';

/**
 * What of a fact a webhook carries: the envelope as it travelled, less a ticket's code (it lets its bearer in, and a
 * receiver that needs a ticket asks the event service for it, with the rights that takes).
 */
export function webhookBody(event: CloudEvent): string {
  const data = event.data;
  if (data && typeof data === 'object' && 'ticket_code' in data) {
    const { ticket_code: _code, ...rest } = data as Record<string, unknown>;
    return JSON.stringify({ ...event, data: rest });
  }
  return JSON.stringify(event);
}

/**
 * A delivery of each fact of these topics to every endpoint whose filter matches its type, in the transaction that
 * claims the fact (so once per endpoint and fact). The reset link's topic is never among them: its fact carries a
 * token.
 */
export function webhookHandlers(ctx: NotificationContext, topics: readonly string[]): EventHandler[] {
  return topics.map((topic) => ({
    topic,
    type: '*',
    async handle(tx: Queryable, event: CloudEvent, delivery: DeliveryContext) {
      const queued = await fanOut(tx, { eventId: event.id, type: event.type, body: webhookBody(event) });
      if (queued > 0) delivery.afterCommit(() => ctx.wakeWebhooks());
    }
  }));
}
