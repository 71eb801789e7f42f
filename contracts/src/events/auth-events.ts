import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import type { EventDefinition } from './event-definition.ts';

const Role = Type.Union([Type.Literal('user'), Type.Literal('manager'), Type.Literal('admin')]);

export const AuthUserRegistered = {
  topic: Topics.authUserRegistered,
  type: 'auth.user.registered',
  data: Type.Object({
    id: Type.Integer({ minimum: 1 }),
    username: Type.String(),
    email: Type.String(),
    first_name: Type.Union([Type.String(), Type.Null()]),
    last_name: Type.Union([Type.String(), Type.Null()]),
    role: Role,
    registered_at: Type.String({ format: 'date-time' })
  })
} as const satisfies EventDefinition;
