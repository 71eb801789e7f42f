import { ClientContactUpdated } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import {
  demotePrimary,
  findContact,
  updateContact,
  type ContactInput,
  type ContactRow
} from '../data/contact-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { lockLiveClient } from './live-client.ts';
import { contactSnapshot } from './snapshots.ts';

/**
 * Changes a contact of a live client. `is_primary: true` makes it the primary and demotes the old one in the same
 * transaction, under the client's row lock: fifty concurrent "make primary" requests take turns and leave exactly
 * one primary, the last to run. `is_primary: false` leaves the client without a primary; no one is promoted.
 */
export async function changeContact(
  ctx: ClientContext,
  clientId: number,
  contactId: number,
  changes: Partial<ContactInput>,
  isPrimary: boolean | undefined,
  traceparent?: string
): Promise<ContactRow> {
  return ctx.db.transaction(async (tx) => {
    await lockLiveClient(tx, clientId);
    if (!(await findContact(tx, clientId, contactId)))
      throw new AppError('NOT_FOUND', `Client ${clientId} has no contact ${contactId}.`);
    const demoted = isPrimary === true ? await demotePrimary(tx, clientId, contactId) : [];
    const contact = await updateContact(tx, contactId, changes, isPrimary);
    await ctx.emit(tx, [
      ...demoted.map((c) => eventOf(ClientContactUpdated, clientId, contactSnapshot(c), traceparent)),
      eventOf(ClientContactUpdated, clientId, contactSnapshot(contact), traceparent)
    ]);
    return contact;
  });
}
