import { Type } from 'typebox';
import { ActivityTypeSchema, clientHttp } from '@style-flow/contracts';
import { Id, IdParams, Nullable, PageQuery, Text, Timestamp } from '@style-flow/platform';

export { IdParams };

// Text with something in it besides spaces (and never NUL).
const Named = (maxLength: number) => Text({ minLength: 1, maxLength, pattern: '^[^\\u0000]*\\S[^\\u0000]*$' });
const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
const Phone = Type.String({ pattern: '^\\+?[0-9 ().\\-]{3,40}$', description: 'digits, spaces, + ( ) . -' });

const ClientType = Type.Union([Type.Literal('organization'), Type.Literal('individual')]);
const ClientStatus = clientHttp.ClientStatusSchema;
const Money = Type.String({ description: 'a decimal amount, "5000.00"' });

const clientFields = {
  name: Named(200),
  type: ClientType,
  industry: Type.Optional(Nullable(Named(100))),
  description: Type.Optional(Nullable(Text({ maxLength: 10_000 }))),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Phone)),
  website: Type.Optional(
    Nullable(Text({ maxLength: 300, description: 'a web address: example.com or https://example.com/about' }))
  )
};

export const CreateClientBody = Type.Object(clientFields, { additionalProperties: false });
export const UpdateClientBody = Type.Partial(Type.Object(clientFields), {
  additionalProperties: false,
  minProperties: 1
});

export const DuplicateQuery = Type.Object(
  {
    allow_duplicate: Type.Optional(
      Type.Boolean({ default: false, description: 'true: create or change it even if it looks like a live client' })
    )
  },
  { additionalProperties: false }
);

export const MergeBody = Type.Object(
  { from_id: Id },
  { additionalProperties: false, description: 'the client to fold into this one; it is archived' }
);

export const ListClientsQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(ClientType),
    industry: Type.Optional(Text({ minLength: 1, maxLength: 100, description: 'exactly, in any case' })),
    status: Type.Optional(ClientStatus),
    // No control characters: the searched text joins the fields with line breaks, and no match may span two.
    q: Type.Optional(
      Text({
        minLength: 1,
        maxLength: 100,
        pattern: '^[^\\u0000-\\u001f]*$',
        description: 'in the name, the email or the website'
      })
    )
  },
  { additionalProperties: false, description: 'without status, the live clients (archived ones are left out)' }
);

/** Every view of a client starts with what the services that call this one read (contracts/src/http/client.ts). */
export const ClientView = Type.Object({
  ...clientHttp.ClientReferenceSchema.properties,
  type: ClientType,
  industry: Nullable(Type.String()),
  description: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  website: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});

export const ContactParams = Type.Object({ id: Id, contact_id: Id });

const contactFields = {
  name: Named(200),
  email: Type.Optional(Nullable(Email)),
  phone: Type.Optional(Nullable(Phone)),
  position: Type.Optional(Nullable(Named(200))),
  is_primary: Type.Optional(Type.Boolean({ description: 'the first contact is primary unless this is false' }))
};

export const CreateContactBody = Type.Object(contactFields, { additionalProperties: false });
export const UpdateContactBody = Type.Partial(Type.Object(contactFields), {
  additionalProperties: false,
  minProperties: 1
});

export const ContactView = Type.Object({
  id: Type.Integer(),
  client_id: Type.Integer(),
  name: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  position: Nullable(Type.String()),
  is_primary: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});

export const ClientDetailView = Type.Object({
  ...ClientView.properties,
  totals: Type.Array(Type.Object({ currency: Type.String(), paid: Money, refunded: Money }), {
    description: 'paid and refunded per currency, from the payment service'
  }),
  primary_contact: Nullable(ContactView)
});

export const ListContactsQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const ActivityParams = Type.Object({ id: Id, activity_id: Id });

const ManualType = Type.Union([
  Type.Literal('call'),
  Type.Literal('meeting'),
  Type.Literal('email'),
  Type.Literal('note'),
  Type.Literal('task')
]);
const ActivitySource = Type.Union([Type.Literal('manual'), Type.Literal('system')]);

const activityFields = {
  type: ManualType,
  description: Named(5000),
  occurred_at: Type.Optional(Timestamp)
};

export const CreateActivityBody = Type.Object(activityFields, {
  additionalProperties: false,
  description: 'occurred_at: now when left out'
});
export const UpdateActivityBody = Type.Partial(Type.Object(activityFields), {
  additionalProperties: false,
  minProperties: 1
});

export const ListActivityQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(ActivityTypeSchema),
    source: Type.Optional(ActivitySource),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp)
  },
  { additionalProperties: false }
);

export const ActivityView = Type.Object({
  id: Type.Integer(),
  client_id: Type.Integer(),
  type: ActivityTypeSchema,
  source: ActivitySource,
  description: Type.String(),
  occurred_at: Type.String({ format: 'date-time' }),
  author_id: Nullable(Type.Integer({ description: 'who logged a manual entry' })),
  contact_id: Nullable(Type.Integer()),
  payment_id: Nullable(Type.Integer()),
  event_id: Nullable(Type.Integer()),
  amount: Nullable(Money),
  currency: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});
