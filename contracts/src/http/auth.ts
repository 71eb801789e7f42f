// What other services ask the auth service: the user service creates accounts for admins (SPEC §3.2).
import { Type, type Static } from 'typebox';
import { Nullable, RoleSchema, UserStatusSchema } from '../events/common.ts';
import { Email, Id, Text } from './common.ts';
import { defineOperation, ProblemSchema } from './operation.ts';

export const Username = Text({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9_.-]+$' });
export const PersonName = Text({ minLength: 1, maxLength: 100 });

export const NewAccountSchema = Type.Object(
  {
    username: Username,
    email: Email,
    first_name: Type.Optional(PersonName),
    last_name: Type.Optional(PersonName),
    role: Type.Optional(RoleSchema)
  },
  { additionalProperties: false }
);
export type NewAccount = Static<typeof NewAccountSchema>;

export const AccountSchema = Type.Object({
  id: Id,
  username: Type.String(),
  email: Type.String(),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  role: RoleSchema,
  status: UserStatusSchema,
  created_at: Type.String({ format: 'date-time' })
});
export type Account = Static<typeof AccountSchema>;

/** `POST /auth/accounts` (admin): an account for someone else, who sets a password through the reset flow. */
export const createAccount = defineOperation({
  service: 'auth',
  method: 'POST',
  route: '/auth/accounts',
  params: Type.Object({}),
  body: NewAccountSchema,
  responses: {
    201: AccountSchema,
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
    429: ProblemSchema
  }
});
