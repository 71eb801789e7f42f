import { AppError } from '@style-flow/platform';
import { findMessage, requeueMessage, type MessageRow } from '../data/message-repository.ts';
import type { NotificationContext } from '../notification-context.ts';

/**
 * Queues a sent or failed message again, drawn anew from the copies (the address may have been corrected). Not a
 * reset link: its token left the row once it was sent; the person asks for a new link. Not one on its way already,
 * nor one the recipient turned off.
 */
export async function resendMessage(ctx: NotificationContext, id: number): Promise<MessageRow> {
  const queued = await requeueMessage(ctx.db, id);
  if (queued) {
    ctx.wakeMail();
    return queued;
  }
  const message = await findMessage(ctx.db, id);
  if (!message) throw new AppError('NOT_FOUND', `No message ${id}.`);
  if (message.type === 'password_reset')
    throw new AppError('CONFLICT', 'A reset link is sent once: its token is not kept. Ask for a new link instead.');
  throw new AppError('CONFLICT', `Message ${id} is ${message.status}: only a sent or failed message is sent again.`);
}
