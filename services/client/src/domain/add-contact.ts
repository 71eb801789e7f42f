import { ClientContactAdded, ClientContactUpdated } from '@style-flow/contracts';
import { eventOf } from '@style-flow/platform';
import {
  demotePrimary,
  hasContacts,
  insertContact,
  type ContactInput,
  type ContactRow
} from '../data/contact-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { lockLiveClient } from './live-client.ts';
import { contactSnapshot } from './snapshots.ts';

/**
 * A contact of a live client. The first contact is primary unless the caller says `is_primary: false`; a contact
 * added as primary demotes the old primary in the same transaction. The client's row is locked first, so
 * concurrent additions and changes of the primary queue on it and the one-primary index never has to refuse one.
 */
export async function addContact(
  ctx: ClientContext,
  clientId: number,
  input: ContactInput,
  isPrimary: boolean | undefined,
  traceparent?: string
): Promise<ContactRow> {
  return ctx.db.transaction(async (tx) => {
    await lockLiveClient(tx, clientId);
    const primary = isPrimary ?? !(await hasContacts(tx, clientId));
    const demoted = primary ? await demotePrimary(tx, clientId, null) : [];
    const contact = await insertContact(tx, clientId, input, primary);
    await ctx.emit(tx, [
      ...demoted.map((c) => eventOf(ClientContactUpdated, clientId, contactSnapshot(c), traceparent)),
      eventOf(ClientContactAdded, clientId, contactSnapshot(contact), traceparent)
    ]);
    return contact;
  });
}
