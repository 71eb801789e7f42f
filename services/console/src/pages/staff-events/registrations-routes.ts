import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ProblemError, type StyleFlowClient } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { attachmentDisposition } from '../../http/csv-export.ts';
import { Forbidden, requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { idOf, must, noticeOf, oneOf, queryOf, searchText } from '../admin/kit.ts';
import { peopleOf, type Person } from './attendees.ts';
import { mayRunEvent } from './event-rights.ts';
import type { StaffEvent } from './event-form.ts';
import {
  registrationsPage,
  registrationStatuses,
  registrationTable,
  type Registration,
  type RegistrationFilters,
  type RegistrationsState
} from './registrations-view.ts';

const PAGE_SIZE = 25;
// A search by name asks the user service for the matching people, then reads the event's registrations for theirs:
// bounded on both sides, and the page says when the bound cut the search short.
const SEARCH_PEOPLE = 200;
const SEARCH_PAGES = 25;
const SEARCH_HITS = 100;
type Params = { id: string; rid?: string };

/** The event, if the reader may see its registrations (its organiser, admins); the 403 page otherwise. */
async function runnableEvent(request: FastifyRequest, id: number): Promise<StaffEvent> {
  const me = requireRole(request, 'manager', 'admin');
  const event = must(await request.page.api.GET('/events/{id}', { params: { path: { id } } }));
  if (!mayRunEvent(me, event)) throw new Forbidden();
  return event;
}

const filtersOf = (request: FastifyRequest): RegistrationFilters => {
  const q = queryOf(request);
  return { q: searchText(q.q), status: oneOf(q.status, registrationStatuses) };
};

/** An event's registrations (SPEC §3.9): search, filter by status, cancel one, download them all as CSV. */
export const registrationsRoutes: PageRoutes = (app, ctx) => {
  app.get<{ Params: Params }>('/staff/events/:id/registrations', async (request, reply) => {
    const event = await runnableEvent(request, idOf(request.params.id));
    const state = await loadRegistrations(request, event, filtersOf(request), queryOf(request).cursor || undefined);
    if (wantsFragment(request, 'registration-list')) return sendFragment(reply, registrationTable(request.page, state));
    return show(ctx, request, reply, state);
  });

  app.post<{ Params: Params }>('/staff/events/:id/registrations/:rid/cancel', async (request, reply) => {
    const id = idOf(request.params.id);
    const event = await runnableEvent(request, id);
    const { error, response } = await request.page.api.DELETE('/events/{id}/registrations/{registration_id}', {
      params: { path: { id, registration_id: idOf(request.params.rid) } }
    });
    if (!response.ok) {
      const state = await loadRegistrations(request, event, { q: '', status: undefined }, undefined);
      return show(ctx, request, reply, { ...state, error: apiMessage(request.page, error) }, response.status);
    }
    // Back to the page of the list the button was on, filters kept; only a path of this list is followed.
    const back = text(request.body, 'back');
    const list = `/app/staff/events/${id}/registrations`;
    const to = back === list || back.startsWith(`${list}?`) ? back : list;
    return seeOther(reply, `${to}${to.includes('?') ? '&' : '?'}m=cancelled`);
  });

  app.get<{ Params: Params }>('/staff/events/:id/registrations.csv', async (request, reply) => {
    const event = await runnableEvent(request, idOf(request.params.id));
    return csvDownload(request, reply, event, filtersOf(request).status);
  });
};

function show(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: RegistrationsState,
  status = 200
) {
  const { t } = request.page;
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('staffEvents.registrationsOf', { title: state.event.title }),
      body: registrationsPage(request.page, state)
    },
    status
  );
}

async function loadRegistrations(
  request: FastifyRequest,
  event: StaffEvent,
  filters: RegistrationFilters,
  cursor: string | undefined
): Promise<RegistrationsState> {
  const { api } = request.page;
  const notice = noticeOf(request.page, queryOf(request).m, { cancelled: 'staffEvents.registrationCancelled' });
  if (filters.q) {
    const found = await searchRegistrations(api, event.id, filters);
    return { event, filters, ...found, next: null, cursor: undefined, notice };
  }
  const page = must(
    await api.GET('/events/{id}/registrations', {
      params: {
        path: { id: event.id },
        query: {
          limit: PAGE_SIZE,
          ...(filters.status ? { status: filters.status } : {}),
          ...(cursor ? { cursor } : {})
        }
      }
    })
  );
  const people = await peopleOf(
    api,
    page.data.map((r) => r.user_id)
  );
  return { event, filters, items: page.data, people, next: page.next_cursor, cursor, partial: false, notice };
}

/**
 * The registrations of the people whose name, email or user name matches: the API lists registrations by event
 * and status only, so the console asks the user service who matches and reads the event's list for them.
 */
async function searchRegistrations(
  api: StyleFlowClient,
  eventId: number,
  filters: RegistrationFilters
): Promise<{ items: Registration[]; people: Map<number, Person>; partial: boolean }> {
  const matching = must(await api.GET('/users', { params: { query: { q: filters.q, limit: SEARCH_PEOPLE } } }));
  const people = new Map(matching.data.map((p) => [p.id, p]));
  let partial = matching.next_cursor !== null;
  const items: Registration[] = [];
  let cursor: string | undefined;
  for (let pages = 0; people.size > 0; pages++) {
    if (pages === SEARCH_PAGES || items.length >= SEARCH_HITS) {
      partial = true;
      break;
    }
    const page = must(
      await api.GET('/events/{id}/registrations', {
        params: {
          path: { id: eventId },
          query: { limit: 200, ...(filters.status ? { status: filters.status } : {}), ...(cursor ? { cursor } : {}) }
        }
      })
    );
    items.push(...page.data.filter((r) => people.has(r.user_id)));
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return { items, people, partial };
}

/**
 * The registrations as CSV, passed through from the event service as it writes them. It already streams the whole
 * list in one pass of its own database with what the JSON pages lack (the attendees' names and their check-in state),
 * as RFC 4180 with a BOM and formulas neutralised (SPEC §3.9); rebuilding that here would mean one call per attendee.
 * The body goes to the browser as it comes, with back-pressure: neither end holds the file.
 */
async function csvDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  event: StaffEvent,
  status: Registration['status'] | undefined
) {
  const { data, error, response } = await request.page.api.GET('/events/{id}/registrations', {
    params: { path: { id: event.id }, query: status ? { status } : {} },
    headers: { accept: 'text/csv' },
    parseAs: 'stream'
  });
  if (!data) throw new ProblemError(response, error);
  const name = `${event.title} — ${request.page.t('staffEvents.registrations')}${status ? ` (${status})` : ''}.csv`;
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', attachmentDisposition(name))
    .header('cache-control', 'private, no-store')
    .send(Readable.fromWeb(data as unknown as WebReadableStream));
}
