import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import { Nullable } from './common.ts';
import type { EventDefinition } from './event-definition.ts';

/**
 * A client (an organisation or a person) as other services learn it from `client-events`. The payment service
 * keeps a local copy to validate `client_id`: an archived client takes no new payment. `merged_into` names the
 * client that took over a merged one, so a holder of the old id can follow it.
 */
export const ClientSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  type: Type.Union([Type.Literal('organization'), Type.Literal('individual')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('archived')]),
  email: Nullable(Type.String()),
  industry: Nullable(Type.String()),
  website: Nullable(Type.String()),
  merged_into: Nullable(Type.Integer({ minimum: 1 }))
});

export const ClientCreated = {
  topic: Topics.clientEvents,
  type: 'client.created',
  data: ClientSnapshot
} as const satisfies EventDefinition;
export const ClientUpdated = {
  topic: Topics.clientEvents,
  type: 'client.updated',
  data: ClientSnapshot
} as const satisfies EventDefinition;
export const ClientArchived = {
  topic: Topics.clientEvents,
  type: 'client.archived',
  data: ClientSnapshot
} as const satisfies EventDefinition;

/**
 * `from_id` was merged into `id`: its contacts, activity and payment totals are now `id`'s, and `from_id` is
 * archived (announced by its own `client.archived` in the same transaction). Keyed by `id`.
 */
export const ClientMerged = {
  topic: Topics.clientEvents,
  type: 'client.merged',
  data: Type.Object({ id: Type.Integer({ minimum: 1 }), from_id: Type.Integer({ minimum: 1 }) })
} as const satisfies EventDefinition;

/**
 * A contact person of a client; at most one per client is primary. Contact and activity events are keyed by the
 * client's id, like the client's own, so everything about one client stays in order.
 */
export const ContactSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  client_id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  position: Nullable(Type.String()),
  is_primary: Type.Boolean()
});

export const ClientContactAdded = {
  topic: Topics.clientEvents,
  type: 'client.contact.added',
  data: ContactSnapshot
} as const satisfies EventDefinition;
/** Also announced for the old primary when another contact is made primary. */
export const ClientContactUpdated = {
  topic: Topics.clientEvents,
  type: 'client.contact.updated',
  data: ContactSnapshot
} as const satisfies EventDefinition;
export const ClientContactRemoved = {
  topic: Topics.clientEvents,
  type: 'client.contact.removed',
  data: ContactSnapshot
} as const satisfies EventDefinition;

export const ActivityTypeSchema = Type.Union([
  Type.Literal('call'),
  Type.Literal('meeting'),
  Type.Literal('email'),
  Type.Literal('note'),
  Type.Literal('task'),
  Type.Literal('payment_completed'),
  Type.Literal('payment_failed'),
  Type.Literal('payment_refunded'),
  Type.Literal('event_created'),
  Type.Literal('event_cancelled'),
  Type.Literal('event_registration')
]);

/**
 * One entry of a client's timeline: `manual` entries are logged by staff, `system` ones from the events of
 * other services (the payment, event or registration they name is given by id, with the amount of a payment).
 */
export const ActivitySnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  client_id: Type.Integer({ minimum: 1 }),
  type: ActivityTypeSchema,
  source: Type.Union([Type.Literal('manual'), Type.Literal('system')]),
  description: Type.String(),
  occurred_at: Type.String({ format: 'date-time' }),
  contact_id: Nullable(Type.Integer({ minimum: 1 })),
  payment_id: Nullable(Type.Integer({ minimum: 1 })),
  event_id: Nullable(Type.Integer({ minimum: 1 })),
  amount: Nullable(Type.String()),
  currency: Nullable(Type.String())
});

export const ClientActivityLogged = {
  topic: Topics.clientEvents,
  type: 'client.activity.logged',
  data: ActivitySnapshot
} as const satisfies EventDefinition;
