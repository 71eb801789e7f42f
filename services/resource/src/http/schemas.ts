import { Type } from 'typebox';
import { Id, IdParams, Nullable, PageQuery, Text, Timestamp } from '@style-flow/platform';

export { IdParams };

const Quantity = (options: { default?: number; description?: string } = {}) =>
  Type.Integer({ minimum: 1, maximum: 1_000_000, ...options });
const Minutes = (description: string) => Type.Integer({ minimum: 0, maximum: 10_080, description });
const Instant = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
// The API's timestamps with what they mean here (ISO 8601; without an offset, UTC).
const TimestampOf = (description: string) => Type.String({ ...Timestamp, description });
const HoldingStatus = Type.Union([Type.Literal('active'), Type.Literal('conflict'), Type.Literal('released')]);
const HoldingKind = Type.Union([Type.Literal('allocation'), Type.Literal('block')], {
  description: 'allocation: to an event; block: maintenance, without an event'
});

const resourceFields = {
  name: Text({ minLength: 1, maxLength: 200 }),
  type_id: Id,
  location: Type.Optional(Nullable(Text({ maxLength: 300 }))),
  description: Type.Optional(Nullable(Text({ maxLength: 10_000 }))),
  setup_minutes: Type.Optional(Minutes('occupied before each allocation, for setting up; at most a week')),
  teardown_minutes: Type.Optional(Minutes('occupied after each allocation, for clearing; at most a week'))
};

export const CreateResourceBody = Type.Object(
  { ...resourceFields, quantity: Type.Optional(Quantity({ default: 1 })) },
  { additionalProperties: false }
);
export const UpdateResourceBody = Type.Partial(Type.Object({ ...resourceFields, quantity: Quantity() }), {
  additionalProperties: false,
  minProperties: 1
});

export const ResourceView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type_id: Type.Integer(),
  quantity: Type.Integer(),
  location: Nullable(Type.String()),
  description: Nullable(Type.String()),
  setup_minutes: Type.Integer(),
  teardown_minutes: Type.Integer(),
  status: Type.Union([Type.Literal('active'), Type.Literal('deleted')]),
  created_at: Instant(),
  updated_at: Instant()
});

export const ListResourcesQuery = Type.Object(
  {
    ...PageQuery,
    type_id: Type.Optional(Id),
    q: Type.Optional(Text({ minLength: 1, maxLength: 100, description: 'in the name, description or location' })),
    available_from: Type.Optional(TimestampOf('with available_to: free for the whole window')),
    available_to: Type.Optional(Timestamp),
    quantity: Type.Optional(Quantity({ description: 'free quantity needed over the window (default 1)' }))
  },
  { additionalProperties: false }
);

export const DeleteResourceQuery = Type.Object(
  {
    force: Type.Optional(
      Type.Boolean({ default: false, description: 'release the allocations that have not ended, each announced' })
    )
  },
  { additionalProperties: false }
);

export const AvailabilityQuery = Type.Object({ from: Timestamp, to: Timestamp }, { additionalProperties: false });

export const AvailabilityView = Type.Object({
  resource_id: Type.Integer(),
  quantity: Type.Integer(),
  from: Instant(),
  to: Instant(),
  intervals: Type.Array(Type.Object({ start: Instant(), end: Instant(), free_quantity: Type.Integer() }))
});

export const ResourceTypeView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String()),
  created_at: Instant()
});
export const CreateResourceTypeBody = Type.Object(
  { name: Text({ minLength: 1, maxLength: 100 }), description: Type.Optional(Nullable(Text({ maxLength: 1000 }))) },
  { additionalProperties: false }
);
export const ListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const AllocateBody = Type.Object(
  {
    event_id: Id,
    start_time: Timestamp,
    end_time: Timestamp,
    quantity: Type.Optional(Quantity({ default: 1 }))
  },
  { additionalProperties: false }
);

/** An allocation to an event, or a maintenance block (kind 'block', no event): both hold quantity. */
export const AllocationView = Type.Object({
  id: Type.Integer(),
  kind: HoldingKind,
  resource_id: Type.Integer(),
  resource_name: Type.String(),
  event_id: Nullable(Type.Integer()),
  quantity: Type.Integer(),
  start_time: Instant(),
  end_time: Instant(),
  occupied_from: Instant('start_time less the setup minutes'),
  occupied_to: Instant('end_time plus the teardown minutes'),
  reason: Nullable(Type.String({ description: "a block's reason" })),
  status: HoldingStatus,
  released_at: Nullable(Instant()),
  released_reason: Nullable(Type.String()),
  created_by: Nullable(Type.Integer()),
  created_at: Instant()
});

export const ListAllocationsQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(HoldingKind),
    resource_id: Type.Optional(Id),
    event_id: Type.Optional(Id),
    status: Type.Optional(HoldingStatus),
    from: Type.Optional(TimestampOf('those ending after this')),
    to: Type.Optional(TimestampOf('those starting before this'))
  },
  { additionalProperties: false }
);

export const BlockBody = Type.Object(
  {
    start_time: Timestamp,
    end_time: Timestamp,
    quantity: Type.Optional(Quantity({ default: 1 })),
    reason: Type.Optional(Nullable(Text({ maxLength: 500 })))
  },
  { additionalProperties: false }
);
