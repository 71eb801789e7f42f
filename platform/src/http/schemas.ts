// Schemas every service's routes share, so each limit of SPEC §1 is written once.
import { Type, type TSchema } from 'typebox';
import { Id, IdParams, MAX_ID, Nullable, RoleSchema, Text } from '@style-flow/contracts';

export { Id, IdParams, MAX_ID, Nullable, RoleSchema, Text };

/** ISO 8601, years 1..9999; without an offset the time is UTC (SPEC §1). Checked on the calendar by toInstant. */
export const Timestamp = Type.String({
  minLength: 10,
  maxLength: 40,
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$',
  description: 'ISO 8601; without an offset, UTC'
});

/** The OpenAPI security of routes that need a token. */
export const bearerSecurity = [{ bearer: [] }];

/** `?limit=&cursor=` of every list (SPEC §1): limit 1–200, default 50; the cursor is opaque. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'page size, at most 200' })),
  cursor: Type.Optional(
    Type.String({ maxLength: 500, pattern: '^[A-Za-z0-9_-]*$', description: 'next_cursor of the previous page' })
  )
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ data: Type.Array(item), next_cursor: Type.Union([Type.String(), Type.Null()]) });
}
