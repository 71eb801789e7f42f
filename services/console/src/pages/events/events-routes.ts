import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { ProblemError } from '@style-flow/client';
import { eventView, registrationPanel, type PanelState, type Registration } from './event-views.ts';
import { eventList, eventsView, type ListState } from './events-views.ts';

type Query = Record<string, string | undefined>;
type IdParams = { id: string; rid?: string };

const PAGE_SIZE = 20;
const isoMinute = (d = new Date()) => `${d.toISOString().slice(0, 16)}:00Z`;
const idOf = (value: string | undefined): number => {
  const n = Number(value);
  // An id the API could never have given is a missing page, not a question to the API.
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
    throw new ProblemError(new Response(null, { status: 404 }), null);
  return n;
};

/** The public list of upcoming events, each event's page, and registering for it or cancelling. */
export const eventsRoutes: PageRoutes = (app, ctx) => {
  app.get('/', async (request, reply) => {
    const q = request.query as Query;
    // `from` stays fixed while paging: the API's cursors belong to one filter (SPEC §1).
    const from = q.from && !Number.isNaN(Date.parse(q.from)) ? q.from : isoMinute();
    const state: ListState = { q: (q.q ?? '').trim().slice(0, 200), from, cursor: q.cursor || undefined };
    const { data, error, response } = await request.page.api.GET('/events', {
      params: {
        query: {
          from: state.from,
          status: 'scheduled',
          limit: PAGE_SIZE,
          ...(state.q ? { q: state.q } : {}),
          ...(state.cursor ? { cursor: state.cursor } : {})
        }
      }
    });
    if (!data) throw new ProblemError(response, error);
    const list = eventList(request.page, state, data.data, data.next_cursor);
    if (wantsFragment(request, 'event-list')) return sendFragment(reply, list);
    const message = q.m === 'welcome' ? request.page.t('signUp.done') : null;
    return sendPage(ctx, request, reply, eventsView(request.page, state, list, message));
  });

  app.get<{ Params: IdParams }>('/events/:id', async (request, reply) => {
    const panel = await panelState(request, idOf(request.params.id));
    return sendPage(ctx, request, reply, eventView(request.page, panel));
  });

  app.post<{ Params: IdParams }>('/events/:id/register', async (request, reply) => {
    const id = idOf(request.params.id);
    const { data, error, response } = await request.page.api.POST('/events/{id}/register', {
      params: { path: { id } },
      body: {}
    });
    if (!data) return answerPanel(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    const message = data.status === 'confirmed' ? request.page.t('event.registered') : null;
    return answerPanel(ctx, request, reply, id, { message });
  });

  app.post<{ Params: IdParams }>('/events/:id/registrations/:rid/cancel', async (request, reply) => {
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.DELETE('/events/{id}/registrations/{registration_id}', {
      params: { path: { id, registration_id: idOf(request.params.rid) } }
    });
    if (!response.ok)
      return answerPanel(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return answerPanel(ctx, request, reply, id, { message: request.page.t('event.cancelled') });
  });
};

/** The event, and the reader's latest registration for it (the API lists only their own to anyone but staff). */
export async function panelState(request: FastifyRequest, id: number): Promise<PanelState> {
  const { api, me } = request.page;
  const event = await api.GET('/events/{id}', { params: { path: { id } } });
  if (!event.data) throw new ProblemError(event.response, event.error);
  let mine: Registration | null = null;
  if (me) {
    const { data } = await api.GET('/events/{id}/registrations', { params: { path: { id }, query: { limit: 200 } } });
    const own = (data?.data ?? []).filter((r) => r.user_id === me.id);
    mine = own.find((r) => r.status !== 'cancelled') ?? own.at(-1) ?? null;
  }
  return { event: event.data, mine };
}

/**
 * After register or cancel: htmx gets the panel (with the API's message next to the button); a plain form post gets
 * the whole page on a refusal (with the API's status), or a redirect to the event's page after a success.
 */
async function answerPanel(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  outcome: { error?: string | null; message?: string | null },
  status = 200
) {
  const fragment = request.headers['hx-request'] === 'true';
  if (!fragment && !outcome.error) return seeOther(reply, `/app/events/${id}`);
  const panel = { ...(await panelState(request, id)), ...outcome };
  const code = outcome.error ? (status >= 400 ? status : 422) : 200;
  // htmx swaps only 2xx answers by default: the refusal is drawn in the panel with a 200, its status in a header.
  if (fragment) return sendFragment(reply.header('x-api-status', String(code)), registrationPanel(request.page, panel));
  return sendPage(ctx, request, reply, eventView(request.page, panel), code);
}
