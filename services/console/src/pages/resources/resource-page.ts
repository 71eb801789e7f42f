import { allPages, type Json, type StyleFlowClient } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { sendPage } from '../../http/render.ts';
import { must, noticeOf, queryOf } from '../admin/kit.ts';
import { resourceView, type ResourceState } from './resource-view.ts';
import { windowOf, type Allocation, type View } from './timeline.ts';

export type ResourceType = Json<'/resource-types', 'get'>['data'][number];
type EventItem = Json<'/events', 'get'>['data'][number];

export const resourceMessages = {
  created: 'resources.created',
  updated: 'resources.updated',
  allocated: 'resources.allocated',
  blocked: 'resources.blocked',
  released: 'resources.released'
} as const;

export async function typesOf(api: StyleFlowClient): Promise<ResourceType[]> {
  return allPages((c) =>
    api.GET('/resource-types', { params: { query: { limit: 200, ...(c ? { cursor: c } : {}) } } })
  );
}

/**
 * The titles of the events the shown allocations are for. The resource service knows an allocation's event only by
 * id, and the event service lists no events by id: the upcoming events the page lists anyway give most titles, and
 * each other event is asked for once, all at the same time. An event the reader may not see keeps its number.
 */
async function eventTitles(
  api: StyleFlowClient,
  items: Allocation[],
  known: EventItem[]
): Promise<Map<number, string>> {
  const titles = new Map(known.map((e) => [e.id, e.title]));
  const missing = [...new Set(items.map((a) => a.event_id))].filter(
    (id): id is number => id !== null && !titles.has(id)
  );
  const found = await Promise.all(
    missing.map(async (id) => (await api.GET('/events/{id}', { params: { path: { id } } })).data)
  );
  for (const e of found) if (e) titles.set(e.id, e.title);
  return titles;
}

/** A resource's page for the day or week the query names, with what a refused form post puts back on it. */
export async function showResource(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  o: Pick<ResourceState, 'allocateError' | 'blockError' | 'releaseError' | 'body' | 'edit'>,
  status = 200
) {
  const page = request.page;
  const { api } = page;
  const q = queryOf(request);
  const view: View = q.view === 'week' ? 'week' : 'day';
  const w = windowOf(view, q.date);
  const from = w.from.toISOString();
  const to = w.to.toISOString();
  const [resource, availability, held, types, events] = await Promise.all([
    api.GET('/resources/{id}', { params: { path: { id } } }).then(must),
    api.GET('/resources/{id}/availability', { params: { path: { id }, query: { from, to } } }).then(must),
    allPages((c) =>
      api.GET('/allocations', {
        params: { query: { resource_id: id, from, to, limit: 200, ...(c ? { cursor: c } : {}) } }
      })
    ),
    typesOf(api),
    // The events an allocation may be for: those not yet over, for the form's choice.
    api
      .GET('/events', { params: { query: { from: new Date().toISOString(), status: 'scheduled', limit: 100 } } })
      .then((r) => r.data?.data ?? [])
  ]);
  const items = held.filter((a) => a.status !== 'released');
  return sendPage(
    ctx,
    request,
    reply,
    resourceView(page, {
      ...o,
      resource,
      types,
      window: w,
      intervals: availability.intervals,
      items,
      events,
      titles: await eventTitles(api, items, events),
      notice: noticeOf(page, q.m, resourceMessages)
    }),
    status
  );
}
