import type { EventData, EventUpdated, UserUpdated } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';
import { keepClient, keepEvent, keepMerge, keepUser, type KnownClientRow } from '../data/known-repository.ts';

// The local copies this service keeps of other services' facts (SPEC §5), each written in the consumer's
// transaction with the inbox claim, so each event counts once.

export const keepClientCopy = (tx: Queryable, c: KnownClientRow) => keepClient(tx, c);

export const keepClientMerge = (tx: Queryable, merged: { id: number; from_id: number }) =>
  keepMerge(tx, merged.from_id, merged.id);

export const keepEventCopy = (tx: Queryable, e: EventData<typeof EventUpdated>) =>
  keepEvent(tx, { id: e.id, title: e.title, status: e.status });

/** The payer's name and email, printed on the invoices issued from now on. */
export const keepUserCopy = (tx: Queryable, u: EventData<typeof UserUpdated>) => keepUser(tx, u);
