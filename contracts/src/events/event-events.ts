import { Type, type Static } from 'typebox';
import { Topics } from '../topics.ts';
import { Nullable } from './common.ts';
import type { EventDefinition } from './event-definition.ts';

/** An event (conference, meetup, …) as other services learn it from `event-events`. */
export const EventSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  title: Type.String(),
  start_date: Type.String({ format: 'date-time' }),
  end_date: Type.String({ format: 'date-time' }),
  location: Nullable(Type.String()),
  capacity: Type.Integer({ minimum: 1 }),
  category_id: Type.Integer({ minimum: 1 }),
  price: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  organizer_id: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]),
  /** The client organisation the event is run for (SPEC §3.3); optional so that older events still parse. */
  client_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  /**
   * The IANA zone it takes place in, for showing its times (start_date and end_date stay instants); optional so that
   * older events still parse: an event without it ran in UTC.
   */
  time_zone: Type.Optional(Type.String({ minLength: 1 }))
});

export const EventCreated = {
  topic: Topics.eventEvents,
  type: 'event.created',
  data: EventSnapshot
} as const satisfies EventDefinition;
export const EventUpdated = {
  topic: Topics.eventEvents,
  type: 'event.updated',
  data: EventSnapshot
} as const satisfies EventDefinition;
export const EventCancelled = {
  topic: Topics.eventEvents,
  type: 'event.cancelled',
  data: EventSnapshot
} as const satisfies EventDefinition;

/**
 * The resources allocated to an event changed in the event service's copy (an allocation made, released or renamed
 * in the resource service, applied here): what `GET /events/{id}` shows of it has changed. Announced after the copy
 * changed, so that a cache of that page (the gateway's) is dropped by the change itself, never before it.
 */
export const EventResourcesChanged = {
  topic: Topics.eventEvents,
  type: 'event.resources_changed',
  data: Type.Object({ id: Type.Integer({ minimum: 1 }) })
} as const satisfies EventDefinition;

export const CancelReason = Type.Union([
  Type.Literal('cancelled'),
  Type.Literal('event_cancelled'),
  Type.Literal('payment_failed'),
  Type.Literal('payment_refunded'),
  Type.Literal('hold_expired'),
  Type.Literal('user_deactivated')
]);
export type RegistrationCancelReason = Static<typeof CancelReason>;

export const RegistrationSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  event_id: Type.Integer({ minimum: 1 }),
  user_id: Type.Integer({ minimum: 1 }),
  status: Type.Union([
    Type.Literal('confirmed'),
    Type.Literal('pending_payment'),
    Type.Literal('waitlisted'),
    Type.Literal('cancelled')
  ]),
  /** The payment that paid for it, once one completed. */
  payment_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  /** Why a cancelled registration was cancelled. */
  cancel_reason: Type.Optional(Nullable(CancelReason)),
  /**
   * The signed code of the ticket (what its QR carries), on the facts that confirm a registration (created confirmed,
   * confirmed, promoted to confirmed): only the event service holds the signing key, so whoever mails or prints the
   * ticket takes the code from here. It lets its bearer in, so webhooks leave it out.
   */
  ticket_code: Type.Optional(Type.String()),
  /** The issue of the ticket that code belongs to. */
  ticket_version: Type.Optional(Type.Integer({ minimum: 1 }))
});

export const RegistrationCreated = {
  topic: Topics.eventRegistrations,
  type: 'event.registration.created',
  data: RegistrationSnapshot
} as const satisfies EventDefinition;
export const RegistrationCancelled = {
  topic: Topics.eventRegistrations,
  type: 'event.registration.cancelled',
  data: RegistrationSnapshot
} as const satisfies EventDefinition;
export const RegistrationConfirmed = {
  topic: Topics.eventRegistrations,
  type: 'event.registration.confirmed',
  data: RegistrationSnapshot
} as const satisfies EventDefinition;
export const RegistrationPromoted = {
  topic: Topics.eventRegistrations,
  type: 'event.registration.promoted',
  data: RegistrationSnapshot
} as const satisfies EventDefinition;

/**
 * Why a check-in was recorded against the rules: only a forced scan (one made offline, uploaded with `force`) is
 * recorded despite them, and it says which. `already_checked_in`: the ticket had been used on that list before.
 */
export const CheckInConflict = Type.Union([
  Type.Literal('already_checked_in'),
  Type.Literal('revoked'),
  Type.Literal('cancelled'),
  Type.Literal('unpaid'),
  Type.Literal('waitlisted')
]);
export type CheckInConflictReason = Static<typeof CheckInConflict>;

/** A ticket scanned at the door and recorded on a check-in list of its event. */
export const CheckInSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  event_id: Type.Integer({ minimum: 1 }),
  list_id: Type.Integer({ minimum: 1 }),
  registration_id: Type.Integer({ minimum: 1 }),
  user_id: Type.Integer({ minimum: 1 }),
  ticket_version: Type.Integer({ minimum: 1 }),
  /** Who scanned it (a staff member's user id). */
  scanner_id: Type.Integer({ minimum: 1 }),
  /** When the scanner read it (an offline scan: its own time); `recorded_at` is when the service recorded it. */
  scanned_at: Type.String({ format: 'date-time' }),
  recorded_at: Type.String({ format: 'date-time' }),
  forced: Type.Boolean(),
  /** Empty for a check-in that broke no rule. */
  conflicts: Type.Array(CheckInConflict)
});

export const CheckInCreated = {
  topic: Topics.eventRegistrations,
  type: 'event.checkin.created',
  data: CheckInSnapshot
} as const satisfies EventDefinition;
