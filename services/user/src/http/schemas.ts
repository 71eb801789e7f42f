import { Type } from 'typebox';
import { PageQuery } from '@style-flow/platform';

const Role = Type.Union([Type.Literal('user'), Type.Literal('manager'), Type.Literal('admin')]);
const Status = Type.Union([Type.Literal('active'), Type.Literal('deactivated')]);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) });
export const IntegrationParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }),
  integration_id: Type.Integer({ minimum: 1, maximum: 9007199254740991 })
});

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  role: Role,
  status: Status,
  settings: Type.Record(Type.String(), Type.Unknown()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});

export const ListUsersQuery = Type.Object(
  {
    ...PageQuery,
    role: Type.Optional(Role),
    status: Type.Optional(Status),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 }))
  },
  { additionalProperties: false }
);

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9_.-]+$' }),
    email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
    first_name: Type.Optional(Name),
    last_name: Type.Optional(Name),
    role: Type.Optional(Role)
  },
  { additionalProperties: false }
);

export const UpdateUserBody = Type.Object(
  {
    first_name: Type.Optional(Nullable(Name)),
    last_name: Type.Optional(Nullable(Name)),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^\\+?[0-9 ()-]{3,30}$' }))),
    settings: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 })),
    role: Type.Optional(Role),
    status: Type.Optional(Status)
  },
  { additionalProperties: false, minProperties: 1 }
);

export const IntegrationView = Type.Object({
  id: Type.Integer(),
  provider: Type.String(),
  external_id: Type.String(),
  status: Type.String(),
  connected_at: Type.String({ format: 'date-time' })
});

export const CreateIntegrationBody = Type.Object(
  {
    provider: Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9_.-]+$' }),
    external_id: Type.String({ minLength: 1, maxLength: 200 }),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('pending'), Type.Literal('revoked')]))
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
