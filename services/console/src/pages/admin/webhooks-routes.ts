import type { Json } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole, type PageContext } from '../../http/page-context.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { alertBox, emptyState, field, notice, pager, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { hrefOf, idOf, must, noticeOf, queryOf, textArea } from './kit.ts';

type Webhook = Json<'/webhooks/{id}', 'get'>;
type Params = { id: string; did?: string };

const messages = {
  saved: 'admin.webhooks.saved',
  enabled: 'admin.webhooks.enabledAgain',
  deleted: 'admin.webhooks.deleted',
  replayed: 'admin.webhooks.replayed'
} as const;

/** `payment.completed, event.registration.*` or one per line: the patterns the API takes. */
const patternsOf = (value: string): string[] => value.split(/[\s,]+/).filter(Boolean);

/**
 * Webhooks (admin; SPEC §3.8): endpoints, their deliveries with each attempt, replay, rotate. The signing secret comes
 * back from the API once (create, rotate): it is drawn in that one answer, never put in a URL or kept.
 */
export const webhooksRoutes: PageRoutes = (app, ctx) => {
  app.get('/admin/webhooks', async (request, reply) => {
    requireRole(request, 'admin');
    return listPage(ctx, request, reply, {});
  });

  app.post('/admin/webhooks', async (request, reply) => {
    requireRole(request, 'admin');
    const b = request.body;
    const { data, error, response } = await request.page.api.POST('/webhooks', {
      body: {
        url: text(b, 'url'),
        events: patternsOf(text(b, 'events')),
        description: text(b, 'description') || null
      }
    });
    if (!data)
      return listPage(
        ctx,
        request,
        reply,
        { error: apiMessage(request.page, error), body: b as Record<string, unknown> },
        response.status
      );
    return showWebhook(ctx, request, reply, data.id, { secret: data.secret }, 201);
  });

  app.get<{ Params: Params }>('/admin/webhooks/:id', async (request, reply) => {
    requireRole(request, 'admin');
    return showWebhook(ctx, request, reply, idOf(request.params.id), {});
  });

  app.post<{ Params: Params }>('/admin/webhooks/:id', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const b = request.body;
    const { error, response } = await request.page.api.PUT('/webhooks/{id}', {
      params: { path: { id } },
      body: { url: text(b, 'url'), events: patternsOf(text(b, 'events')), description: text(b, 'description') || null }
    });
    if (!response.ok)
      return showWebhook(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/admin/webhooks/${id}?m=saved`);
  });

  app.post<{ Params: Params }>('/admin/webhooks/:id/enable', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.PUT('/webhooks/{id}', {
      params: { path: { id } },
      body: { enabled: true }
    });
    if (!response.ok)
      return showWebhook(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/admin/webhooks/${id}?m=enabled`);
  });

  app.post<{ Params: Params }>('/admin/webhooks/:id/rotate', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const { data, error, response } = await request.page.api.POST('/webhooks/{id}/rotate-secret', {
      params: { path: { id } }
    });
    if (!data) return showWebhook(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return showWebhook(ctx, request, reply, id, { secret: data.secret, rotated: true });
  });

  app.get<{ Params: Params }>('/admin/webhooks/:id/delete', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const hook = must(await request.page.api.GET('/webhooks/{id}', { params: { path: { id } } }));
    const { t } = request.page;
    return sendPage(ctx, request, reply, {
      title: t('admin.webhooks.deleteTitle'),
      body: html`<h1>${t('admin.webhooks.deleteTitle')}</h1>
        <p>${t('admin.webhooks.deleteText', { url: hook.url })}</p>
        ${postForm(
          request.page,
          `/app/admin/webhooks/${id}/delete`,
          html`<button type="submit">${t('admin.webhooks.deleteConfirm')}</button>
            <a class="button secondary" href="/app/admin/webhooks/${id}">${t('admin.webhooks.cancel')}</a>`
        )}`
    });
  });

  app.post<{ Params: Params }>('/admin/webhooks/:id/delete', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.DELETE('/webhooks/{id}', { params: { path: { id } } });
    if (!response.ok)
      return showWebhook(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, '/app/admin/webhooks?m=deleted');
  });

  app.post<{ Params: Params }>('/admin/webhooks/:id/deliveries/:did/replay', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.POST('/webhooks/{id}/deliveries/{delivery_id}/replay', {
      params: { path: { id, delivery_id: idOf(request.params.did) } }
    });
    if (!response.ok)
      return showWebhook(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/admin/webhooks/${id}?m=replayed#deliveries`);
  });
};

function state(page: PageContext, w: Pick<Webhook, 'enabled' | 'disabled_reason'>): string {
  return w.enabled ? page.t('admin.webhooks.on') : page.t('admin.webhooks.off', { reason: w.disabled_reason ?? '—' });
}

async function listPage(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { error?: string; body?: Record<string, unknown> },
  status = 200
) {
  const page = request.page;
  const { t } = page;
  const q = queryOf(request);
  const cursor = q.cursor || undefined;
  const data = must(
    await page.api.GET('/webhooks', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })
  );
  const v = (name: string) => (typeof form.body?.[name] === 'string' ? (form.body[name] as string) : '');
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('admin.webhooks.title'),
      body: html`<h1>${t('admin.webhooks.title')}</h1>
        <p><a href="/app/admin/mail">${t('admin.mail.title')}</a></p>
        ${noticeOf(page, q.m, messages)}
        ${
          data.data.length
            ? html`<table>
                <thead>
                  <tr>
                    <th scope="col">${t('admin.webhooks.url')}</th>
                    <th scope="col">${t('admin.webhooks.events')}</th>
                    <th scope="col">${t('common.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.data.map(
                    (w) =>
                      html`<tr>
                        <th scope="row"><a href="/app/admin/webhooks/${w.id}">${w.url}</a></th>
                        <td>${w.events.join(', ')}</td>
                        <td>${state(page, w)}</td>
                      </tr>`
                  )}
                </tbody>
              </table>`
            : emptyState(t('admin.webhooks.empty'))
        }
        ${pager(page, data.next_cursor, cursor, (c) => hrefOf('/app/admin/webhooks', {}, c))}
        <section aria-labelledby="new-webhook-title">
          <h2 id="new-webhook-title">${t('admin.webhooks.new')}</h2>
          ${alertBox(form.error)}
          ${postForm(
            page,
            '/app/admin/webhooks',
            html`${field({ name: 'url', label: t('admin.webhooks.url'), type: 'url', value: v('url'), required: true })}
              ${field({ name: 'events', label: t('admin.webhooks.events'), value: v('events') || '*', required: true, hint: t('admin.webhooks.eventsHint') })}
              ${textArea({ name: 'description', label: t('admin.webhooks.description'), value: v('description') })}
              <div><button type="submit">${t('admin.webhooks.create')}</button></div>`,
            html`class="stack"`
          )}
        </section>`
    },
    status
  );
}

async function showWebhook(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  o: { secret?: string; rotated?: boolean; error?: string },
  status = 200
) {
  const page = request.page;
  const { t, fmt, api } = page;
  const q = queryOf(request);
  const cursor = q.cursor || undefined;
  const [hook, deliveries] = await Promise.all([
    api.GET('/webhooks/{id}', { params: { path: { id } } }).then(must),
    api
      .GET('/webhooks/{id}/deliveries', {
        params: { path: { id }, query: { limit: 20, ...(cursor ? { cursor } : {}) } }
      })
      .then(must)
  ]);
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: hook.url,
      body: html`<p><a href="/app/admin/webhooks">${t('admin.webhooks.back')}</a></p>
        <h1>${t('admin.webhooks.endpoint', { id: hook.id })}</h1>
        ${noticeOf(page, q.m, messages)} ${alertBox(o.error)} ${o.secret ? secretBox(page, o.secret, o.rotated) : ''}
        <dl class="facts">
          <dt>${t('admin.webhooks.url')}</dt>
          <dd>${hook.url}</dd>
          <dt>${t('common.status')}</dt>
          <dd>${state(page, hook)}</dd>
          <dt>${t('admin.webhooks.events')}</dt>
          <dd>${hook.events.join(', ')}</dd>
          ${
            hook.previous_secret_expires_at
              ? html`<dt>${t('admin.webhooks.oldSecret')}</dt>
                  <dd>
                    ${t('admin.webhooks.oldSecretUntil', { time: fmt.dateTime(hook.previous_secret_expires_at) })}
                  </dd>`
              : ''
          }
        </dl>
        ${
          hook.enabled
            ? ''
            : postForm(
                page,
                `/app/admin/webhooks/${id}/enable`,
                html`<button type="submit">${t('admin.webhooks.enable')}</button>`
              )
        }
        <section aria-labelledby="edit-title">
          <h2 id="edit-title">${t('admin.webhooks.edit')}</h2>
          ${postForm(
            page,
            `/app/admin/webhooks/${id}`,
            html`${field({ name: 'url', label: t('admin.webhooks.url'), type: 'url', value: hook.url, required: true })}
              ${field({ name: 'events', label: t('admin.webhooks.events'), value: hook.events.join(', '), required: true, hint: t('admin.webhooks.eventsHint') })}
              ${textArea({ name: 'description', label: t('admin.webhooks.description'), value: hook.description })}
              <div><button type="submit">${t('admin.webhooks.save')}</button></div>`,
            html`class="stack"`
          )}
        </section>
        <section aria-labelledby="secret-title">
          <h2 id="secret-title">${t('admin.webhooks.secret')}</h2>
          <p>${t('admin.webhooks.rotateText')}</p>
          ${postForm(page, `/app/admin/webhooks/${id}/rotate`, html`<button type="submit">${t('admin.webhooks.rotate')}</button>`)}
        </section>
        ${deliveriesSection(page, id, deliveries.data, deliveries.next_cursor, cursor)}
        <p><a class="button secondary" href="/app/admin/webhooks/${id}/delete">${t('admin.webhooks.delete')}</a></p>`
    },
    status
  );
}

function secretBox(page: PageContext, secret: string, rotated?: boolean): Html {
  const { t } = page;
  return html`${notice(rotated ? t('admin.webhooks.rotated') : t('admin.webhooks.created'))}
    <div class="notice">
      <p><strong>${t('admin.webhooks.secretOnce')}</strong></p>
      <p>
        <label for="secret">${t('admin.webhooks.secret')}</label
        ><input id="secret" type="text" readonly value="${secret}" />
      </p>
    </div>`;
}

type Delivery = Json<'/webhooks/{id}/deliveries', 'get'>['data'][number];

function deliveriesSection(
  page: PageContext,
  id: number,
  items: Delivery[],
  next: string | null,
  cursor: string | undefined
): Html {
  const { t, fmt } = page;
  return html`<section aria-labelledby="deliveries-title" id="deliveries">
    <h2 id="deliveries-title">${t('admin.webhooks.deliveries')}</h2>
    ${
      items.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('admin.webhooks.event')}</th>
                <th scope="col">${t('admin.webhooks.when')}</th>
                <th scope="col">${t('common.status')}</th>
                <th scope="col">${t('admin.webhooks.attempts')}</th>
                <th scope="col">${t('admin.webhooks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (d) =>
                  html`<tr>
                    <th scope="row">${d.event_type}<br /><small>${d.event_id}</small></th>
                    <td>${fmt.dateTime(d.created_at)}</td>
                    <td>
                      ${t(`admin.webhooks.delivery.${d.status}`)}${d.next_attempt_at ? html`<br /><small>${t('admin.webhooks.nextAttempt', { time: fmt.dateTime(d.next_attempt_at) })}</small>` : ''}
                    </td>
                    <td>
                      ${
                        d.attempts.length
                          ? html`<ol>
                              ${d.attempts.map(
                                (a) =>
                                  html`<li>
                                    ${fmt.dateTime(a.attempted_at)} · ${a.status_code ?? a.error ?? '—'} ·
                                    ${t('admin.webhooks.ms', { ms: a.duration_ms })}
                                    ${
                                      a.response
                                        ? html`<details>
                                            <summary>${t('admin.webhooks.answer')}</summary>
                                            <pre>${a.response}</pre>
                                          </details>`
                                        : ''
                                    }
                                  </li>`
                              )}
                            </ol>`
                          : t('admin.webhooks.noAttempts')
                      }
                    </td>
                    <td>
                      ${postForm(page, `/app/admin/webhooks/${id}/deliveries/${d.id}/replay`, html`<button type="submit" class="link">${t('admin.webhooks.replay', { event: d.event_type })}</button>`, html`class="inline"`)}
                    </td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('admin.webhooks.noDeliveries'))
    }
    ${pager(page, next, cursor, (c) => `${hrefOf(`/app/admin/webhooks/${id}`, {}, c)}#deliveries`)}
  </section>`;
}
