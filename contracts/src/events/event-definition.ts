import type { Static, TSchema } from 'typebox';
import type { Topic } from '../topics.ts';

/**
 * One event type: the topic it travels on, its CloudEvents `type`, and the schema of its `data`.
 * Producers and consumers both name the definition, so the compiler catches a disagreement.
 */
export interface EventDefinition<S extends TSchema = TSchema> {
  readonly topic: Topic;
  readonly type: string;
  readonly data: S;
}

export type EventData<D extends EventDefinition> = Static<D['data']>;
