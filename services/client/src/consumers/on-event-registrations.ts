import { RegistrationCreated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { ClientContext } from '../client-context.ts';
import { recordRegistration } from '../domain/record-registration.ts';

/** `event-registrations`: a contact of a client registering for an event, on that client's timeline. */
export function eventRegistrationsHandlers(ctx: ClientContext): EventHandler[] {
  return [
    on(RegistrationCreated, (tx, r, event, { traceparent }) => recordRegistration(ctx, tx, r, event, traceparent))
  ];
}
