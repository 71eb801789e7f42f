import { Type } from 'typebox';
import { authHttp, UserStatusSchema } from '@style-flow/contracts';
import { Id, IdParams, Nullable, PageQuery, RoleSchema, Text } from '@style-flow/platform';

export { IdParams };

const Name = Text({ minLength: 1, maxLength: 100 });
const IntegrationStatus = Type.Union([Type.Literal('active'), Type.Literal('pending'), Type.Literal('revoked')]);

export const IntegrationParams = Type.Object({ id: Id, integration_id: Id });

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  role: RoleSchema,
  status: UserStatusSchema,
  settings: Type.Record(Type.String(), Type.Unknown()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});

export const ListUsersQuery = Type.Object(
  {
    ...PageQuery,
    role: Type.Optional(RoleSchema),
    status: Type.Optional(UserStatusSchema),
    q: Type.Optional(Text({ minLength: 1, maxLength: 100, description: 'in the names, the email or the username' }))
  },
  { additionalProperties: false }
);

// The same limits as auth's account body: what passes here, auth accepts, so its refusals are only business ones.
/** The account auth creates: its own schema, so that what passes here passes there. */
export const CreateUserBody = authHttp.NewAccountSchema;

export const UpdateUserBody = Type.Object(
  {
    first_name: Type.Optional(Nullable(Name)),
    last_name: Type.Optional(Nullable(Name)),
    phone: Type.Optional(Nullable(Text({ maxLength: 30, pattern: '^\\+?[0-9 ()-]{3,30}$' }))),
    // Free-form; at most 16 KB (checked in the route), nested at most 16 levels (the body parser).
    settings: Type.Optional(Type.Record(Text({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 })),
    role: Type.Optional(RoleSchema),
    status: Type.Optional(UserStatusSchema)
  },
  { additionalProperties: false, minProperties: 1 }
);

export const IntegrationView = Type.Object({
  id: Type.Integer(),
  provider: Type.String(),
  external_id: Type.String(),
  status: IntegrationStatus,
  connected_at: Type.String({ format: 'date-time' })
});

export const CreateIntegrationBody = Type.Object(
  {
    provider: Text({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9_.-]+$' }),
    external_id: Text({ minLength: 1, maxLength: 200 }),
    status: Type.Optional(IntegrationStatus)
  },
  { additionalProperties: false }
);

export const ActivityView = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  occurred_at: Type.String({ format: 'date-time' })
});

export const PageOnlyQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
