import { Type, type Static } from 'typebox';

/** A CloudEvents 1.0 JSON envelope (SPEC §4): the only shape that travels on a topic. */
export const CloudEventSchema = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String({ format: 'uuid' }),
  source: Type.String({ minLength: 1 }),
  type: Type.String({ minLength: 1 }),
  subject: Type.String({ minLength: 1 }),
  time: Type.String({ format: 'date-time' }),
  datacontenttype: Type.Literal('application/json'),
  data: Type.Unknown()
});

export type CloudEvent<Data = unknown> = Omit<Static<typeof CloudEventSchema>, 'data'> & { data: Data };
