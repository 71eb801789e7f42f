import type { StyleFlowClient } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { Forbidden, requireRole, type Me } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { postForm } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import { idOf, must, noticeOf, oneOf, queryOf, searchText } from '../admin/kit.ts';
import { peopleOf } from './attendees.ts';
import { eventDetail, type DetailState } from './event-detail-view.ts';
import {
  emptyValues,
  eventBody,
  eventForm,
  valuesFromBody,
  valuesOf,
  type Category,
  type FormValues,
  type StaffEvent
} from './event-form.ts';
import { eventFilters, eventTable, statuses, whens, windowOf, type ListFilters } from './event-list-view.ts';
import { mayRunEvent } from './event-rights.ts';
import { registrationsRoutes } from './registrations-routes.ts';

const PAGE_SIZE = 25;
const WAITLIST_SHOWN = 20;
type Params = { id: string };

const messages = {
  created: 'staffEvents.created',
  updated: 'staffEvents.updated',
  cancelled: 'staffEvents.cancelledNotice',
  list: 'staffEvents.listAdded'
} as const;

/**
 * Staff events (SPEC §3.9): the list with search and filters, create, the event's page (waiting list, resources,
 * check-in lists), edit and cancel, and its registrations (registrations-routes.ts). Managers and admins open them;
 * changing an event is offered only to its organiser and admins, as the API allows.
 */
export const staffEventsRoutes: PageRoutes = (app, ctx) => {
  app.get('/staff/events', async (request, reply) => {
    const me = requireRole(request, 'manager', 'admin');
    const q = queryOf(request);
    const filters: ListFilters = {
      q: searchText(q.q),
      when: oneOf(q.when, whens) ?? 'upcoming',
      status: oneOf(q.status, statuses),
      mine: q.mine === 'yes' ? 'yes' : undefined
    };
    const cursor = q.cursor || undefined;
    const data = must(
      await request.page.api.GET('/events', {
        params: {
          query: {
            limit: PAGE_SIZE,
            ...windowOf(filters.when),
            ...(filters.q ? { q: filters.q } : {}),
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.mine ? { organizer_id: me.id } : {}),
            ...(cursor ? { cursor } : {})
          }
        }
      })
    );
    const page = request.page;
    const table = eventTable(page, filters, data.data, data.next_cursor, cursor);
    if (wantsFragment(request, 'staff-event-list')) return sendFragment(reply, table);
    const { t } = page;
    return sendPage(ctx, request, reply, {
      title: t('staffEvents.title'),
      body: html`<h1>${t('staffEvents.title')}</h1>
        ${noticeOf(page, q.m, messages)}
        <p><a class="button" href="/app/staff/events/new">${t('staffEvents.new')}</a></p>
        ${eventFilters(page, filters)} ${table}`
    });
  });

  app.get('/staff/events/new', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const categories = await categoriesOf(request.page.api);
    return showForm(ctx, request, reply, { event: null, values: emptyValues(categories), categories });
  });

  app.post('/staff/events', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const values = valuesFromBody(request.body);
    const parsed = eventBody(values);
    const categories = () => categoriesOf(request.page.api);
    if ('error' in parsed)
      return showForm(
        ctx,
        request,
        reply,
        { event: null, values, categories: await categories(), error: 'badTime' },
        400
      );
    const { data, error, response } = await request.page.api.POST('/events', { body: parsed.body });
    if (!data) {
      const message = apiMessage(request.page, error);
      return showForm(
        ctx,
        request,
        reply,
        { event: null, values, categories: await categories(), message },
        response.status
      );
    }
    return seeOther(reply, `/app/staff/events/${data.id}?m=created`);
  });

  app.get<{ Params: Params }>('/staff/events/:id', async (request, reply) => {
    const me = requireRole(request, 'manager', 'admin');
    return showEvent(ctx, request, reply, me, idOf(request.params.id), {});
  });

  app.get<{ Params: Params }>('/staff/events/:id/edit', async (request, reply) => {
    const event = await changeableEvent(request, idOf(request.params.id));
    const categories = await categoriesOf(request.page.api);
    return showForm(ctx, request, reply, { event, values: valuesOf(event), categories });
  });

  app.post<{ Params: Params }>('/staff/events/:id', async (request, reply) => {
    const id = idOf(request.params.id);
    const event = await changeableEvent(request, id);
    const values = valuesFromBody(request.body);
    const parsed = eventBody(values);
    const categories = () => categoriesOf(request.page.api);
    if ('error' in parsed)
      return showForm(ctx, request, reply, { event, values, categories: await categories(), error: 'badTime' }, 400);
    const { error, response } = await request.page.api.PUT('/events/{id}', {
      params: { path: { id } },
      body: parsed.body
    });
    if (!response.ok) {
      const message = apiMessage(request.page, error);
      return showForm(ctx, request, reply, { event, values, categories: await categories(), message }, response.status);
    }
    return seeOther(reply, `/app/staff/events/${id}?m=updated`);
  });

  // Cancelling asks first on a page of its own (no script needed); the form there does it.
  app.get<{ Params: Params }>('/staff/events/:id/cancel', async (request, reply) => {
    const event = await changeableEvent(request, idOf(request.params.id));
    const { t } = request.page;
    return sendPage(ctx, request, reply, {
      title: t('staffEvents.cancelTitle', { title: event.title }),
      body: html`<h1>${t('staffEvents.cancelTitle', { title: event.title })}</h1>
        <p>${t('staffEvents.cancelText')}</p>
        ${postForm(
          request.page,
          `/app/staff/events/${event.id}/cancel`,
          html`<button type="submit">${t('staffEvents.cancelConfirm', { title: event.title })}</button>
            <a class="button secondary" href="/app/staff/events/${event.id}">${t('staffEvents.keep')}</a>`
        )}`
    });
  });

  app.post<{ Params: Params }>('/staff/events/:id/cancel', async (request, reply) => {
    const me = requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.DELETE('/events/{id}', { params: { path: { id } } });
    if (!response.ok)
      return showEvent(ctx, request, reply, me, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/staff/events/${id}?m=cancelled`);
  });

  app.post<{ Params: Params }>('/staff/events/:id/check-in-lists', async (request, reply) => {
    const me = requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.POST('/events/{id}/check-in-lists', {
      params: { path: { id } },
      body: { name: text(request.body, 'name') }
    });
    if (!response.ok)
      return showEvent(ctx, request, reply, me, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/staff/events/${id}?m=list`);
  });

  registrationsRoutes(app, ctx);
};

async function categoriesOf(api: StyleFlowClient): Promise<Category[]> {
  return must(await api.GET('/categories', { params: { query: { limit: 200 } } })).data;
}

/** The event, if the reader may change it (its organiser, admins) and it is not cancelled; the 403 page otherwise. */
async function changeableEvent(request: FastifyRequest, id: number): Promise<StaffEvent> {
  const me = requireRole(request, 'manager', 'admin');
  const event = must(await request.page.api.GET('/events/{id}', { params: { path: { id } } }));
  if (!mayRunEvent(me, event) || event.status !== 'scheduled') throw new Forbidden();
  return event;
}

function showForm(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  o: { event: StaffEvent | null; values: FormValues; categories: Category[]; error?: 'badTime'; message?: string },
  status = 200
) {
  const { t } = request.page;
  const title = o.event ? t('staffEvents.editTitle', { title: o.event.title }) : t('staffEvents.new');
  const back = o.event ? `/app/staff/events/${o.event.id}` : '/app/staff/events';
  return sendPage(
    ctx,
    request,
    reply,
    {
      title,
      body: html`<p><a href="${back}">${o.event ? o.event.title : t('staffEvents.back')}</a></p>
        <h1>${title}</h1>
        ${eventForm(request.page, {
          action: o.event ? `/app/staff/events/${o.event.id}` : '/app/staff/events',
          values: o.values,
          categories: o.categories,
          submit: o.event ? t('staffEvents.save') : t('staffEvents.create'),
          error: o.message ?? (o.error ? t('staffEvents.badTime') : null)
        })}`
    },
    status
  );
}

async function showEvent(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  me: Me,
  id: number,
  o: { error?: string },
  status = 200
) {
  const { api } = request.page;
  const event = must(await api.GET('/events/{id}', { params: { path: { id } } }));
  const runs = mayRunEvent(me, event);
  const [categories, lists, waiting] = await Promise.all([
    categoriesOf(api),
    api.GET('/events/{id}/check-in-lists', { params: { path: { id }, query: { limit: 200 } } }),
    runs
      ? api.GET('/events/{id}/registrations', {
          params: { path: { id }, query: { status: 'waitlisted', limit: WAITLIST_SHOWN } }
        })
      : null
  ]);
  const waitlisted = waiting ? must(waiting) : null;
  const state: DetailState = {
    event,
    category: categories.find((c) => c.id === event.category_id),
    runs,
    waitlist: waitlisted
      ? {
          items: waitlisted.data,
          more: waitlisted.next_cursor !== null,
          people: await peopleOf(
            api,
            waitlisted.data.map((r) => r.user_id)
          )
        }
      : null,
    lists: must(lists).data,
    notice: noticeOf(request.page, queryOf(request).m, messages),
    error: o.error ?? null
  };
  return sendPage(ctx, request, reply, { title: event.title, body: eventDetail(request.page, state) }, status);
}
