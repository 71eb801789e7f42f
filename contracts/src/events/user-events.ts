import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import { Nullable, RoleSchema, UserStatusSchema } from './common.ts';
import type { EventDefinition } from './event-definition.ts';

/** A user as other services learn it from `user-events`. */
export const UserSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  username: Type.String(),
  email: Type.String(),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  role: RoleSchema,
  status: UserStatusSchema,
  /**
   * The messages the user wants, from its settings (SPEC §3.8): `settings.locale` as written (the notification
   * service takes `ru` or `en`, else its default), and false when `settings.optional_messages` is false. Optional so
   * that older facts still parse.
   */
  locale: Type.Optional(Nullable(Type.String())),
  optional_messages: Type.Optional(Type.Boolean())
});

export const UserCreated = {
  topic: Topics.userEvents,
  type: 'user.created',
  data: UserSnapshot
} as const satisfies EventDefinition;
export const UserUpdated = {
  topic: Topics.userEvents,
  type: 'user.updated',
  data: UserSnapshot
} as const satisfies EventDefinition;
export const UserDeactivated = {
  topic: Topics.userEvents,
  type: 'user.deactivated',
  data: UserSnapshot
} as const satisfies EventDefinition;
export const UserRoleChanged = {
  topic: Topics.userEvents,
  type: 'user.role_changed',
  data: Type.Object({ ...UserSnapshot.properties, previous_role: RoleSchema })
} as const satisfies EventDefinition;

/**
 * Commands from outside systems (a directory integration, say), on the seed's command topics: the user
 * service applies them idempotently and announces the result on `user-events`.
 */
export const ChangeUserRoleCommand = {
  topic: Topics.userRoleChangedCommand,
  type: 'user.role_changed',
  data: Type.Object({
    user_id: Type.Integer({ minimum: 1 }),
    role: RoleSchema,
    reason: Type.Optional(Type.String({ maxLength: 500 }))
  })
} as const satisfies EventDefinition;

export const DeactivateUserCommand = {
  topic: Topics.userDeactivatedCommand,
  type: 'user.deactivated',
  data: Type.Object({ user_id: Type.Integer({ minimum: 1 }), reason: Type.Optional(Type.String({ maxLength: 500 })) })
} as const satisfies EventDefinition;
