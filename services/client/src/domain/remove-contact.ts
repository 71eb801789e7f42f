import { ClientContactRemoved } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import { deleteContact } from '../data/contact-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { lockLiveClient } from './live-client.ts';
import { contactSnapshot } from './snapshots.ts';

/**
 * Removes a contact of a live client. Removing the primary promotes no one: who speaks for the client is staff's
 * choice, not the order contacts were added in. Timeline entries that named the contact keep their text.
 */
export async function removeContact(
  ctx: ClientContext,
  clientId: number,
  contactId: number,
  traceparent?: string
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockLiveClient(tx, clientId);
    const removed = await deleteContact(tx, clientId, contactId);
    if (!removed) throw new AppError('NOT_FOUND', `Client ${clientId} has no contact ${contactId}.`);
    await ctx.emit(tx, [eventOf(ClientContactRemoved, clientId, contactSnapshot(removed), traceparent)]);
  });
}
