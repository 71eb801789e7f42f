import { AuthPasswordResetRequested, AuthUserRegistered } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { queueResetLink, welcome } from '../domain/keep-users.ts';
import type { NotificationContext } from '../notification-context.ts';

export function authEventHandlers(ctx: NotificationContext): EventHandler[] {
  return [
    on(AuthUserRegistered, (tx, a, event, delivery) => welcome(ctx, tx, a, event, delivery)),
    on(AuthPasswordResetRequested, (tx, r, event, delivery) => queueResetLink(ctx, tx, r, event, delivery))
  ];
}
