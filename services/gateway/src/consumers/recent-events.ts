import { allTopics } from '@style-flow/contracts';
import type { EventHandler } from '@style-flow/platform';

export interface RecentEvent {
  topic: string;
  type: string;
  source: string;
  subject: string;
  id: string;
  time: string;
}

/** The last events of every topic, newest first, for the live view (`GET /gateway/events`). */
export interface RecentEvents {
  recent(limit: number): RecentEvent[];
  handlers(): EventHandler[];
}

/** Kept in memory: each gateway instance shows what it has seen since it started, up to `capacity`. */
export function createRecentEvents(capacity = 200): RecentEvents {
  const ring: RecentEvent[] = [];
  return {
    recent: (limit) => ring.slice(0, limit),
    handlers: () =>
      allTopics.map((topic) => ({
        topic,
        type: '*',
        async handle(_tx, event, { afterCommit }) {
          const { type, source, subject, id, time } = event;
          afterCommit(() => {
            ring.unshift({ topic, type, source, subject, id, time });
            if (ring.length > capacity) ring.length = capacity;
          });
        }
      }))
  };
}
