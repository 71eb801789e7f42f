// What other services ask the event service: an event's times and state, for a reference their copy lacks.
import { Type, type Static } from 'typebox';
import { IdParams } from './common.ts';
import { defineOperation, ProblemSchema } from './operation.ts';

export const EventStatusSchema = Type.Union([Type.Literal('scheduled'), Type.Literal('cancelled')]);

/** The part of an event every view of it carries, and the resource service reads. */
export const EventScheduleSchema = Type.Object({
  id: Type.Integer(),
  start_date: Type.String({ format: 'date-time' }),
  end_date: Type.String({ format: 'date-time' }),
  status: EventStatusSchema
});
export type EventSchedule = Static<typeof EventScheduleSchema>;

/** `GET /events/{id}`: public, so no token is passed on. */
export const getEvent = defineOperation({
  service: 'event',
  method: 'GET',
  route: '/events/:id',
  params: IdParams,
  body: undefined,
  responses: { 200: EventScheduleSchema, 404: ProblemSchema }
});
