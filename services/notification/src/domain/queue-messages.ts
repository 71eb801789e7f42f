import type { DeliveryContext, Queryable } from '@style-flow/platform';
import { queueMessages, type NewMessage } from '../data/message-repository.ts';
import type { NotificationContext } from '../notification-context.ts';

/**
 * Queues the messages a fact gives, in the transaction that claims the fact, and wakes the mail worker once it has
 * committed. A fact that arrives again gives the same (fact, recipient, kind) keys, which the database keeps once.
 */
export async function queueFromFact(
  ctx: Pick<NotificationContext, 'wakeMail'>,
  tx: Queryable,
  delivery: Pick<DeliveryContext, 'afterCommit'>,
  messages: readonly NewMessage[]
): Promise<void> {
  if ((await queueMessages(tx, messages)) > 0) delivery.afterCommit(() => ctx.wakeMail());
}
