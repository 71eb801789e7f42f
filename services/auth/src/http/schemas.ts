import { Type } from 'typebox';
import { authHttp, Email } from '@style-flow/contracts';
import { Text } from '@style-flow/platform';

const { Username, PersonName: Name } = authHttp;
export const Password = Text({ minLength: 1, maxLength: 1024 });
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

/** POST /auth/accounts, as the user service (its caller) sends it. */
export const CreateAccountBody = authHttp.NewAccountSchema;

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

export const AccountView = authHttp.AccountSchema;

export const TokenPairView = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer()
});

export const ResetStartedView = Type.Object({ status: Type.String() });
