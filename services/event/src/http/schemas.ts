import { Type } from 'typebox';
import { eventHttp } from '@style-flow/contracts';
import { Id, IdParams, Nullable, PageQuery, Text, Timestamp } from '@style-flow/platform';

export { IdParams };

// Money: a decimal number with at most 2 fractional digits (SPEC §1), as a JSON number or a string; the
// number's fractional digits are checked in eventInput, since a JSON number has no pattern.
const Money = Type.Union([
  Type.Number({ minimum: 0, maximum: 1e10 }),
  Type.String({ pattern: '^\\d{1,10}(\\.\\d{1,2})?$' })
]);
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });

export const RegistrationParams = Type.Object({ id: Id, registration_id: Id });

const eventFields = {
  title: Text({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Text({ maxLength: 10_000 }))),
  start_date: Timestamp,
  end_date: Timestamp,
  location: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  capacity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  category_id: Id,
  price: Type.Optional(Nullable(Money)),
  currency: Type.Optional(Nullable(Currency)),
  /** The client organisation the event is run for (SPEC §3.3), checked with the client service's facts. */
  client_id: Type.Optional(Nullable(Id)),
  time_zone: Type.Optional(
    Text({
      minLength: 1,
      maxLength: 64,
      description: 'the IANA zone it takes place in (`Europe/Moscow`), UTC when not given; its times stay instants'
    })
  )
};

export const CreateEventBody = Type.Object(eventFields, { additionalProperties: false });
export const UpdateEventBody = Type.Partial(Type.Object(eventFields), {
  additionalProperties: false,
  minProperties: 1
});

const EventStatus = eventHttp.EventStatusSchema;

/** Every view of an event starts with what the services that call this one read (contracts/src/http/event.ts). */
export const EventView = Type.Object({
  ...eventHttp.EventScheduleSchema.properties,
  title: Type.String(),
  description: Nullable(Type.String()),
  location: Nullable(Type.String()),
  capacity: Type.Integer(),
  category_id: Type.Integer(),
  price: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  organizer_id: Type.Integer(),
  registered_count: Type.Integer(),
  available_seats: Type.Integer(),
  client_id: Nullable(Type.Integer()),
  time_zone: Type.String({ description: 'the IANA zone it takes place in, for showing its times' }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});

/** A resource allocated to the event, as the resource service announced it. */
export const EventResourceView = Type.Object({
  allocation_id: Type.Integer(),
  resource_id: Type.Integer(),
  name: Type.String(),
  type_id: Type.Integer(),
  quantity: Type.Integer(),
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' })
});

export const EventDetailView = Type.Object({
  ...EventView.properties,
  checked_in_count: Type.Integer({ description: 'tickets checked in, on any of its check-in lists' }),
  resources: Type.Array(EventResourceView)
});

export const ListEventsQuery = Type.Object(
  {
    ...PageQuery,
    category_id: Type.Optional(Id),
    status: Type.Optional(EventStatus),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    q: Type.Optional(Text({ minLength: 1, maxLength: 100, description: 'in the title or the description' })),
    organizer_id: Type.Optional(Id)
  },
  { additionalProperties: false }
);

export const RegisterBody = Type.Object(
  { user_id: Type.Optional(Id) },
  { additionalProperties: false, description: 'user_id: an admin registers someone else' }
);

const RegistrationStatus = Type.Union([
  Type.Literal('confirmed'),
  Type.Literal('pending_payment'),
  Type.Literal('waitlisted'),
  Type.Literal('cancelled')
]);

export const RegistrationView = Type.Object({
  id: Type.Integer(),
  event_id: Type.Integer(),
  user_id: Type.Integer(),
  status: RegistrationStatus,
  hold_expires_at: Nullable(Type.String({ format: 'date-time' })),
  payment_id: Nullable(Type.Integer()),
  cancel_reason: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' })
});

export const ListRegistrationsQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(RegistrationStatus) },
  { additionalProperties: false }
);

/** The event beside each registration of a person's list: enough to show it without asking for the event. */
export const EventSummaryView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  start_date: Type.String({ format: 'date-time' }),
  end_date: Type.String({ format: 'date-time' }),
  location: Nullable(Type.String()),
  status: EventStatus,
  price: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  time_zone: Type.String()
});

export const UserRegistrationView = Type.Object({ ...RegistrationView.properties, event: EventSummaryView });

export const ListUserRegistrationsQuery = Type.Object(
  {
    ...PageQuery,
    user_id: Type.Optional(Id),
    status: Type.Optional(RegistrationStatus),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp)
  },
  { additionalProperties: false }
);

export const ListCategoriesQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const CategoryView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String())
});
export const CreateCategoryBody = Type.Object(
  { name: Text({ minLength: 1, maxLength: 100 }), description: Type.Optional(Text({ maxLength: 1000 })) },
  { additionalProperties: false }
);
