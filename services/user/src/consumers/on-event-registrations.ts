import {
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationCreated,
  RegistrationPromoted
} from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { recordRegistration } from '../domain/record-registration.ts';

/** `event-registrations`: the user's registrations in its history. */
export function eventRegistrationsHandlers(): EventHandler[] {
  return [
    on(RegistrationCreated, (tx, r, event) => recordRegistration(tx, 'created', r, event)),
    on(RegistrationConfirmed, (tx, r, event) => recordRegistration(tx, 'confirmed', r, event)),
    on(RegistrationPromoted, (tx, r, event) => recordRegistration(tx, 'promoted', r, event)),
    on(RegistrationCancelled, (tx, r, event) => recordRegistration(tx, 'cancelled', r, event))
  ];
}
