// What other services ask the client service: whether a client a request names exists and may be used (SPEC §5:
// a reference the local copy has not caught up with is asked of its owner).
import { Type, type Static } from 'typebox';
import { Nullable } from '../events/common.ts';
import { Id, IdParams } from './common.ts';
import { defineOperation, ProblemSchema } from './operation.ts';

export const ClientStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('archived')]);

/** The part of a client every view of it carries, and all its callers read. */
export const ClientReferenceSchema = Type.Object({
  id: Id,
  name: Type.String(),
  status: ClientStatusSchema,
  merged_into: Nullable(Type.Integer({ description: 'the client a merge folded this one into' }))
});
export type ClientReference = Static<typeof ClientReferenceSchema>;

/**
 * `GET /clients/{id}` with the caller's own token (clients are shown to staff only): a 401, 403 or 404 is an
 * answer too — the caller may not name that client, or there is none.
 */
export const getClient = defineOperation({
  service: 'client',
  method: 'GET',
  route: '/clients/:id',
  params: IdParams,
  body: undefined,
  responses: { 200: ClientReferenceSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema }
});
