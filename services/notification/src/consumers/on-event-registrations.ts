import {
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationCreated,
  RegistrationPromoted
} from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { onRegistration } from '../domain/registration-messages.ts';
import type { NotificationContext } from '../notification-context.ts';

export function registrationHandlers(ctx: NotificationContext): EventHandler[] {
  return (
    [
      [RegistrationCreated, 'created'],
      [RegistrationConfirmed, 'confirmed'],
      [RegistrationPromoted, 'promoted'],
      [RegistrationCancelled, 'cancelled']
    ] as const
  ).map(([definition, fact]) =>
    on(definition, (tx, r, event, delivery) => onRegistration(ctx, fact, tx, r, event, delivery))
  );
}
