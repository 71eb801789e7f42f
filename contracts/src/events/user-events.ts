import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import type { EventDefinition } from './event-definition.ts';

const Role = Type.Union([Type.Literal('user'), Type.Literal('manager'), Type.Literal('admin')]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('deactivated')]);

/** A user profile as other services learn it from `user-events`. */
export const UserSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.Union([Type.String(), Type.Null()]),
  last_name: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  status: Status
});

export const UserCreated = { topic: Topics.userEvents, type: 'user.created', data: UserSnapshot } as const satisfies EventDefinition;
