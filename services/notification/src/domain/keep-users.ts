import type { AuthPasswordResetRequested, AuthUserRegistered, EventData, UserSnapshot } from '@style-flow/contracts';
import type { CloudEvent } from '@style-flow/contracts';
import type { DeliveryContext, Queryable } from '@style-flow/platform';
import type { Static } from 'typebox';
import { keepRecipient } from '../data/recipient-repository.ts';
import type { NotificationContext } from '../notification-context.ts';
import { queueFromFact } from './queue-messages.ts';

/** A new account: its copy, and the welcome (to the address the fact names: the user's copy may come later). */
export async function welcome(
  ctx: NotificationContext,
  tx: Queryable,
  a: EventData<typeof AuthUserRegistered>,
  event: CloudEvent,
  delivery: DeliveryContext
): Promise<void> {
  const names = { username: a.username, first_name: a.first_name, last_name: a.last_name };
  await keepRecipient(tx, { user_id: a.id, email: a.email, ...names, role: a.role, status: 'active' });
  await queueFromFact(ctx, tx, delivery, [
    { factId: event.id, recipientId: a.id, type: 'welcome', toAddress: a.email, payload: names }
  ]);
}

/** A user as user-events tell it: address, names, role, status and the message preferences. */
export async function keepUser(tx: Queryable, u: Static<typeof UserSnapshot>): Promise<void> {
  await keepRecipient(tx, {
    user_id: u.id,
    email: u.email,
    username: u.username,
    first_name: u.first_name,
    last_name: u.last_name,
    role: u.role,
    status: u.status,
    locale: u.locale,
    optional_messages: u.optional_messages
  });
}

/** The reset link: to the address the fact names, the token kept in the message until it is sent. */
export async function queueResetLink(
  ctx: NotificationContext,
  tx: Queryable,
  r: EventData<typeof AuthPasswordResetRequested>,
  event: CloudEvent,
  delivery: DeliveryContext
): Promise<void> {
  await queueFromFact(ctx, tx, delivery, [
    {
      factId: event.id,
      recipientId: r.user_id,
      type: 'password_reset',
      toAddress: r.email,
      payload: { token: r.token, expires_at: r.expires_at }
    }
  ]);
}
