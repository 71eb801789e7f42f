import { eventHttp } from '@style-flow/contracts';
import { AppError } from '@style-flow/platform';
import { findKnownEvent, rememberEvent } from '../data/known-event-repository.ts';
import type { ResourceContext } from '../resource-context.ts';

/**
 * Makes sure the local copy knows the event (SPEC §5): the copy from event-events first; when it has not caught up
 * (the seed's walkthrough creates an event and allocates at once), the event service, whose answer is kept. Called
 * before the allocation's transaction, so that no lock is held while the event service is asked.
 */
export async function knowEvent(ctx: ResourceContext, eventId: number, traceparent: string): Promise<void> {
  if (await findKnownEvent(ctx.db, eventId)) return;
  // GET /events/{id} is public: no token is passed on.
  const answer = await ctx.peers.call(eventHttp.getEvent, { params: { id: eventId }, traceparent });
  const remote = answer.status === 200 ? answer.body : null;
  if (!remote) {
    throw new AppError('UNKNOWN_EVENT', `There is no event ${eventId}.`, {
      errors: [{ path: '/event_id', message: 'is not an event' }]
    });
  }
  await rememberEvent(ctx.db, {
    id: remote.id,
    start_date: new Date(remote.start_date).toISOString(),
    end_date: new Date(remote.end_date).toISOString(),
    status: remote.status
  });
}
