import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import { Nullable, RoleSchema } from './common.ts';
import type { EventDefinition } from './event-definition.ts';

/** An account was created in the auth service; its id is the user's id in every service. */
export const AuthUserRegistered = {
  topic: Topics.authUserRegistered,
  type: 'auth.user.registered',
  data: Type.Object({
    id: Type.Integer({ minimum: 1 }),
    username: Type.String(),
    email: Type.String(),
    first_name: Nullable(Type.String()),
    last_name: Nullable(Type.String()),
    role: RoleSchema,
    registered_at: Type.String({ format: 'date-time' })
  })
} as const satisfies EventDefinition;

export const AuthUserLogin = {
  topic: Topics.authUserLogin,
  type: 'auth.user.login',
  data: Type.Object({
    user_id: Type.Integer({ minimum: 1 }),
    session_id: Type.String(),
    at: Type.String({ format: 'date-time' })
  })
} as const satisfies EventDefinition;

/**
 * A session ended: its refresh token no longer works and its access tokens must be refused everywhere
 * until they expire (`expires_at`, after which the revocation may be forgotten).
 */
export const AuthUserLogout = {
  topic: Topics.authUserLogout,
  type: 'auth.user.logout',
  data: Type.Object({
    user_id: Type.Integer({ minimum: 1 }),
    session_id: Type.String(),
    reason: Type.Union([
      Type.Literal('logout'),
      Type.Literal('refresh_token_reuse'),
      Type.Literal('password_reset'),
      Type.Literal('deactivated')
    ]),
    at: Type.String({ format: 'date-time' }),
    expires_at: Type.String({ format: 'date-time' })
  })
} as const satisfies EventDefinition;

/**
 * Someone asked to reset the password of an active account: the notification service mails the link with this
 * token (single use, valid until `expires_at`). Written through the outbox in the transaction that stores the
 * token's hash, so a link is mailed for every token that exists and for no other. The token is a secret: it travels
 * only on this topic of its own, which no webhook ever carries and no consumer logs.
 */
export const AuthPasswordResetRequested = {
  topic: Topics.authPasswordResetRequested,
  type: 'auth.password_reset.requested',
  data: Type.Object({
    user_id: Type.Integer({ minimum: 1 }),
    email: Type.String(),
    token: Type.String({ minLength: 1 }),
    expires_at: Type.String({ format: 'date-time' })
  })
} as const satisfies EventDefinition;
