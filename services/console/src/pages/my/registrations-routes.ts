import { ProblemError, type StyleFlowClient } from '@style-flow/client';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireMe, type PageContext } from '../../http/page-context.ts';
import { sendPage } from '../../http/render.ts';
import { emptyState, pager } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import type { Registration } from '../events/event-views.ts';
import type { EventItem } from '../events/events-views.ts';

interface Row {
  event: EventItem;
  registration: Registration;
}

/**
 * My registrations. The API has no list of one person's registrations across events, so the person's history
 * (GET /users/{id}/activity, `registered_for_event`) names the events, and each event's registrations (the API
 * shows a person only their own) give the current state. A page of history is one page here.
 */
export const registrationsRoutes: PageRoutes = (app, ctx) => {
  app.get('/my/registrations', async (request, reply) => {
    const me = requireMe(request);
    const cursor = (request.query as { cursor?: string }).cursor || undefined;
    const { api, t } = request.page;
    const activity = await api.GET('/users/{id}/activity', {
      params: { path: { id: me.id }, query: { limit: 50, ...(cursor ? { cursor } : {}) } }
    });
    if (!activity.data) throw new ProblemError(activity.response, activity.error);
    const eventIds = [
      ...new Set(
        activity.data.data
          .filter((a) => a.type === 'registered_for_event' && typeof a.details.event_id === 'number')
          .map((a) => a.details.event_id as number)
      )
    ];
    const rows = (await Promise.all(eventIds.map((id) => rowOf(api, me.id, id)))).filter((r): r is Row => r !== null);
    const list = rows.length
      ? html`<table>
          <thead>
            <tr>
              <th scope="col">${t('registrations.event')}</th>
              <th scope="col">${t('event.when')}</th>
              <th scope="col">${t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((r) => rowView(request.page, r))}
          </tbody>
        </table>`
      : emptyState(t('registrations.empty'));
    const href = (c?: string) =>
      c ? `/app/my/registrations?cursor=${encodeURIComponent(c)}` : '/app/my/registrations';
    return sendPage(ctx, request, reply, {
      title: t('registrations.title'),
      body: html`<h1>${t('registrations.title')}</h1>
        ${list} ${pager(request.page, activity.data.next_cursor, cursor, href)}
        <p class="hint">${t('common.timesIn', { zone: request.page.fmt.zone })}</p>`
    });
  });
};

async function rowOf(api: StyleFlowClient, userId: number, eventId: number): Promise<Row | null> {
  const [event, regs] = await Promise.all([
    api.GET('/events/{id}', { params: { path: { id: eventId } } }),
    api.GET('/events/{id}/registrations', { params: { path: { id: eventId }, query: { limit: 200 } } })
  ]);
  const own = (regs.data?.data ?? []).filter((r) => r.user_id === userId);
  const registration = own.find((r) => r.status !== 'cancelled') ?? own.at(-1);
  return event.data && registration ? { event: event.data, registration } : null;
}

function rowView(page: PageContext, { event, registration: r }: Row) {
  const { t, fmt } = page;
  const ticket =
    r.status === 'confirmed'
      ? html` · <a href="/app/events/${event.id}/registrations/${r.id}/ticket">${t('ticket.show')}</a>`
      : '';
  return html`<tr>
    <td><a href="/app/events/${event.id}">${event.title}</a></td>
    <td>${fmt.dateTime(event.start_date)}</td>
    <td>${t(`registration.${r.status}`)}${ticket}</td>
  </tr>`;
}
