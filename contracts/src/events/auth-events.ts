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
