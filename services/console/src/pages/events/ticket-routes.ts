import { ProblemError } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireMe } from '../../http/page-context.ts';
import { sendPage } from '../../http/render.ts';
import { html } from '../../views/html.ts';

type Params = { id: string; rid: string };
const ids = (p: Params) => ({ id: Number(p.id), registration_id: Number(p.rid) });
const valid = (p: Params) => [p.id, p.rid].every((v) => /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2 ** 31 - 1);

/**
 * A ticket on screen (its QR drawn here as a data: PNG, which the CSP allows for images) and its PDF and .ics,
 * fetched from the API as the person and passed through: the browser never talks to the API itself.
 */
export const ticketRoutes: PageRoutes = (app, ctx) => {
  app.get<{ Params: Params }>('/events/:id/registrations/:rid/ticket', async (request, reply) => {
    requireMe(request);
    if (!valid(request.params)) return reply.callNotFound();
    const { t, fmt, api } = request.page;
    const { data, error, response } = await api.GET('/events/{id}/registrations/{registration_id}/ticket', {
      params: { path: ids(request.params) }
    });
    if (!data) throw new ProblemError(response, error);
    const qr = await QRCode.toDataURL(data.code, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
    const base = `/app/events/${data.event_id}/registrations/${data.registration_id}`;
    return sendPage(ctx, request, reply, {
      title: `${t('ticket.title')}: ${data.event.title}`,
      body: html`<p><a href="/app/events/${data.event_id}">${t('common.back')}</a></p>
        <h1>${t('ticket.title')}: ${data.event.title}</h1>
        <p>${data.attendee_name}</p>
        <p>
          ${fmt.eventSpan(data.event.start_date, data.event.end_date, data.event.time_zone, true)}
          ${data.event.location ? html` · ${data.event.location}` : ''}
        </p>
        <p class="qr">
          <img src="${qr}" alt="${t('ticket.qr', { code: `${data.event_id}-${data.registration_id}` })}" />
        </p>
        <p>
          <a class="button" href="${base}/ticket.pdf">${t('ticket.pdf')}</a>
          <a class="button secondary" href="${base}/ticket.ics">${t('ticket.ics')}</a>
        </p>`
    });
  });

  app.get<{ Params: Params }>('/events/:id/registrations/:rid/ticket.pdf', (request, reply) =>
    download(request, reply, 'application/pdf', 'pdf')
  );
  app.get<{ Params: Params }>('/events/:id/registrations/:rid/ticket.ics', (request, reply) =>
    download(request, reply, 'text/calendar', 'ics')
  );
};

async function download(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, accept: string, ext: string) {
  requireMe(request);
  if (!valid(request.params)) return reply.callNotFound();
  const { data, error, response } = await request.page.api.GET('/events/{id}/registrations/{registration_id}/ticket', {
    params: { path: ids(request.params) },
    headers: { accept },
    parseAs: 'arrayBuffer'
  });
  if (!data) throw new ProblemError(response, error);
  const { id, rid } = request.params;
  return reply
    .type(accept)
    .header('content-disposition', `attachment; filename="ticket-${id}-${rid}.${ext}"`)
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(data));
}
