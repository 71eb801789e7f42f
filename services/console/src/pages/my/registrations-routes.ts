import { ProblemError, type Json } from '@style-flow/client';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireMe, type PageContext } from '../../http/page-context.ts';
import { sendPage } from '../../http/render.ts';
import { emptyState, pager } from '../../views/components.ts';
import { html } from '../../views/html.ts';

type Item = Json<'/registrations', 'get'>['data'][number];

/**
 * One row per event: its live registration, else the newest cancelled one. The API lists every registration, a
 * person's earlier cancelled ones too, in the events' start order (then id), so those of one event are side by side.
 */
function onePerEvent(items: readonly Item[]): Item[] {
  const byEvent = new Map<number, Item>();
  for (const r of items) {
    const kept = byEvent.get(r.event_id);
    if (!kept || kept.status === 'cancelled') byEvent.set(r.event_id, r);
  }
  return [...byEvent.values()];
}

/** My registrations: one call lists them with their events (the layout's /auth/me names the reader). */
export const registrationsRoutes: PageRoutes = (app, ctx) => {
  app.get('/my/registrations', async (request, reply) => {
    requireMe(request);
    const cursor = (request.query as { cursor?: string }).cursor || undefined;
    const { api, t } = request.page;
    const page = await api.GET('/registrations', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } });
    if (!page.data) throw new ProblemError(page.response, page.error);
    const rows = onePerEvent(page.data.data);
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
        ${list} ${pager(request.page, page.data.next_cursor, cursor, href)}
        <p class="hint">${t('common.eventTimesIn', { zone: request.page.fmt.zone })}</p>`
    });
  });
};

function rowView(page: PageContext, r: Item) {
  const { t, fmt } = page;
  const { event } = r;
  const ticket =
    r.status === 'confirmed'
      ? html` · <a href="/app/events/${event.id}/registrations/${r.id}/ticket">${t('ticket.show')}</a>`
      : '';
  return html`<tr>
    <td><a href="/app/events/${event.id}">${event.title}</a></td>
    <td>${fmt.eventTime(event.start_date, event.time_zone)}</td>
    <td>${t(`registration.${r.status}`)}${ticket}</td>
  </tr>`;
}
