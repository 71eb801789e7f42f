import type { DeliveryRow } from '../data/delivery-repository.ts';
import { queueMessages } from '../data/message-repository.ts';
import { activeAdmins } from '../data/recipient-repository.ts';
import { disableEndpoint, type EndpointRow } from '../data/webhook-repository.ts';
import type { NotificationContext } from '../notification-context.ts';

/**
 * An endpoint that answered 410 Gone, or failed a delivery after its last retry, is disabled, and every admin this
 * service knows of is told by mail (one message per admin, keyed by the fact whose delivery ended it), in the same
 * transaction: an endpoint is never disabled silently. Whoever disables it first tells; the log says it too.
 */
export async function disableWebhook(
  ctx: NotificationContext,
  endpoint: EndpointRow,
  delivery: DeliveryRow,
  reason: string
): Promise<void> {
  const admins = await ctx.db.transaction(async (tx) => {
    if (!(await disableEndpoint(tx, endpoint.id, reason))) return null;
    const ids = await activeAdmins(tx);
    await queueMessages(
      tx,
      ids.map((id) => ({
        factId: delivery.event_id,
        recipientId: id,
        type: 'webhook_disabled' as const,
        toAddress: null,
        payload: { endpoint_id: endpoint.id, url: endpoint.url, reason }
      }))
    );
    return ids;
  });
  if (admins === null) return;
  ctx.logger.error(
    { endpointId: endpoint.id, reason, adminsTold: admins.length },
    admins.length > 0
      ? 'webhook endpoint disabled; the admins are told by mail'
      : 'webhook endpoint disabled; no admin is known to this service to tell: an admin must look at it'
  );
  ctx.wakeMail();
}
