import { Type } from 'typebox';

export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const Username = Type.String({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9_.-]+$' });
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
export const Name = Type.String({ minLength: 1, maxLength: 100 });
const Role = Type.Union([Type.Literal('user'), Type.Literal('manager'), Type.Literal('admin')]);

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
    role: Type.Optional(Role)
  },
  { additionalProperties: false }
);

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Password },
  { additionalProperties: false }
);

export const RefreshBody = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false }
);

/** Either `{email}` (start a reset) or `{token, new_password}` (finish it). */
export const ResetPasswordBody = Type.Object(
  {
    email: Type.Optional(Email),
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    new_password: Type.Optional(Password)
  },
  { additionalProperties: false }
);

export const AccountView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.Union([Type.String(), Type.Null()]),
  last_name: Type.Union([Type.String(), Type.Null()]),
  role: Role,
  status: Type.String(),
  created_at: Type.String({ format: 'date-time' })
});

export const TokenPairView = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer()
});
