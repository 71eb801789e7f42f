import { Type } from 'typebox';
import { UserStatusSchema } from '@style-flow/contracts';
import { Id, Nullable, RoleSchema, Text } from '@style-flow/platform';

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const Username = Text({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9_.-]+$' });
export const Password = Text({ minLength: 1, maxLength: 1024 });
export const Name = Text({ minLength: 1, maxLength: 100 });
/** Opaque tokens of ours are 43 characters; the limit only keeps garbage short. */
const OpaqueToken = Text({ minLength: 1, maxLength: 200 });

export const RegisterBody = Type.Object(
  {
    username: Username,
    email: Email,
    password: Password,
    first_name: Type.Optional(Name),
    last_name: Type.Optional(Name)
  },
  { additionalProperties: false }
);

export const CreateAccountBody = Type.Object(
  {
    username: Username,
    email: Email,
    first_name: Type.Optional(Name),
    last_name: Type.Optional(Name),
    role: Type.Optional(RoleSchema)
  },
  { additionalProperties: false }
);

/** The email of a login is not checked for form: a malformed one is simply unknown (the same 401). */
export const LoginBody = Type.Object(
  { email: Text({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false }
);

export const RefreshBody = Type.Object({ refresh_token: OpaqueToken }, { additionalProperties: false });

/** Either `{email}` (start a reset) or `{token, new_password}` (finish it). */
export const ResetPasswordBody = Type.Object(
  { email: Type.Optional(Email), token: Type.Optional(OpaqueToken), new_password: Type.Optional(Password) },
  { additionalProperties: false }
);

export const AccountView = Type.Object({
  id: Id,
  username: Type.String(),
  email: Type.String(),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  role: RoleSchema,
  status: UserStatusSchema,
  created_at: Type.String({ format: 'date-time' })
});

export const TokenPairView = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer()
});

export const ResetStartedView = Type.Object({ status: Type.String() });
