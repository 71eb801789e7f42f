import type { Json } from '@style-flow/client';
import { apiMessage } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { alertBox, emptyState, pager, postForm } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import { filterForm, hrefOf, idOf, must, noticeOf, oneOf, queryOf, searchText, selectField } from './kit.ts';

type Message = Json<'/notifications/messages', 'get'>['data'][number];
const statuses = ['queued', 'retrying', 'sent', 'failed', 'skipped'] as const;
const types = [
  'welcome',
  'password_reset',
  'registration_confirmed',
  'registration_waitlisted',
  'registration_promoted',
  'hold_expired',
  'payment_receipt',
  'payment_refund',
  'event_changed',
  'event_cancelled',
  'webhook_disabled'
] as const satisfies readonly Message['type'][];

/**
 * The mail log and the development mailbox (admin; SPEC §3.8): every message with its state and the SMTP answer,
 * resend for a sent or failed one; and what was "sent" to the mailbox when no SMTP server is set, as plain text.
 */
export const mailRoutes: PageRoutes = (app, ctx) => {
  app.get('/admin/mail', async (request, reply) => {
    requireRole(request, 'admin');
    const page = request.page;
    const { t, fmt } = page;
    const q = queryOf(request);
    const filters = { status: oneOf(q.status, statuses), type: oneOf(q.type, types), to: searchText(q.to) };
    const cursor = q.cursor || undefined;
    const result = await page.api.GET('/notifications/messages', {
      params: {
        query: {
          limit: 25,
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.type ? { type: filters.type } : {}),
          ...(filters.to ? { to: filters.to } : {}),
          ...(cursor ? { cursor } : {})
        }
      }
    });
    const data = must(result);
    const list = html`<div id="mail-list">
      ${
        data.data.length
          ? html`<table>
              <thead>
                <tr>
                  <th scope="col">${t('admin.mail.created')}</th>
                  <th scope="col">${t('admin.mail.type')}</th>
                  <th scope="col">${t('admin.mail.to')}</th>
                  <th scope="col">${t('admin.mail.subject')}</th>
                  <th scope="col">${t('common.status')}</th>
                  <th scope="col">${t('admin.mail.answer')}</th>
                  <th scope="col">${t('admin.mail.actions')}</th>
                </tr>
              </thead>
              <tbody>
                ${data.data.map(
                  (m) =>
                    html`<tr>
                      <td>${fmt.dateTime(m.created_at)}</td>
                      <td>${t(`admin.mail.type.${m.type}`)}</td>
                      <td>${m.to ?? '—'}</td>
                      <th scope="row">${m.subject ?? '—'}</th>
                      <td>
                        ${t(`admin.mail.status.${m.status}`)}
                        ${m.attempts > 1 ? html`<small>(${t('admin.mail.attempts', { count: m.attempts })})</small>` : ''}
                      </td>
                      <td>${m.last_response ?? ''}</td>
                      <td>
                        ${
                          m.status === 'sent' || m.status === 'failed'
                            ? postForm(
                                page,
                                `/app/admin/mail/${m.id}/resend`,
                                html`<button type="submit" class="link">
                                  ${t('admin.mail.resend', { subject: m.subject ?? m.type })}
                                </button>`,
                                html`class="inline"`
                              )
                            : ''
                        }
                      </td>
                    </tr>`
                )}
              </tbody>
            </table>`
          : emptyState(t('admin.mail.empty'))
      }
      ${pager(page, data.next_cursor, cursor, (c) => hrefOf('/app/admin/mail', filters, c))}
    </div>`;
    if (wantsFragment(request, 'mail-list')) return sendFragment(reply, list);
    return sendPage(ctx, request, reply, {
      title: t('admin.mail.title'),
      body: html`<h1>${t('admin.mail.title')}</h1>
        <p>
          <a href="/app/admin/mail/mailbox">${t('admin.mail.mailbox')}</a> ·
          <a href="/app/admin/webhooks">${t('admin.webhooks.title')}</a>
        </p>
        ${noticeOf(page, q.m, { resent: 'admin.mail.resent' })}
        ${alertBox(q.e === 'resend' ? t('admin.mail.resendFailed') : null)}
        ${filterForm(
          page,
          '/app/admin/mail',
          'mail-list',
          html`<div>
              <label for="f-to">${t('admin.mail.to')}</label>
              <input id="f-to" name="to" type="search" value="${filters.to}" />
            </div>
            ${selectField({ name: 'status', label: t('common.status'), value: filters.status, options: [{ value: '', label: t('admin.mail.any') }, ...statuses.map((s) => ({ value: s, label: t(`admin.mail.status.${s}`) }))] })}
            ${selectField({ name: 'type', label: t('admin.mail.type'), value: filters.type, options: [{ value: '', label: t('admin.mail.any') }, ...types.map((s) => ({ value: s, label: t(`admin.mail.type.${s}`) }))] })}`
        )}
        ${list}
        <p class="hint">${t('common.timesIn', { zone: fmt.zone })}</p>`
    });
  });

  app.post<{ Params: { id: string } }>('/admin/mail/:id/resend', async (request, reply) => {
    requireRole(request, 'admin');
    const { error, response } = await request.page.api.POST('/notifications/messages/{id}/resend', {
      params: { path: { id: idOf(request.params.id) } }
    });
    if (!response.ok) {
      // The refusal is shown on the log it came from, with the API's own words.
      const { t } = request.page;
      return sendPage(
        ctx,
        request,
        reply,
        {
          title: t('admin.mail.title'),
          body: html`<h1>${t('admin.mail.title')}</h1>
            ${alertBox(apiMessage(request.page, error))}
            <p><a href="/app/admin/mail">${t('admin.mail.back')}</a></p>`
        },
        response.status
      );
    }
    return seeOther(reply, '/app/admin/mail?m=resent');
  });

  app.get('/admin/mail/mailbox', async (request, reply) => {
    requireRole(request, 'admin');
    const page = request.page;
    const { t, fmt } = page;
    const q = queryOf(request);
    const to = searchText(q.to);
    const cursor = q.cursor || undefined;
    const data = must(
      await page.api.GET('/notifications/mailbox', {
        params: { query: { limit: 20, ...(to ? { to } : {}), ...(cursor ? { cursor } : {}) } }
      })
    );
    const list = html`<div id="mailbox-list">
      ${
        data.data.length
          ? data.data.map(
              (m) =>
                html`<article class="mail">
                  <h2>${m.subject ?? t(`admin.mail.type.${m.type}`)}</h2>
                  <p>
                    ${t('admin.mail.toWhen', { to: m.to ?? '—', time: fmt.dateTime(m.sent_at ?? m.created_at) })}
                    ${m.attachments.length ? html` · ${t('admin.mail.attachments', { names: m.attachments.join(', ') })}` : ''}
                  </p>
                  ${m.text ? html`<pre>${m.text}</pre>` : ''}
                </article>`
            )
          : emptyState(t('admin.mail.mailboxEmpty'))
      }
      ${pager(page, data.next_cursor, cursor, (c) => hrefOf('/app/admin/mail/mailbox', { to }, c))}
    </div>`;
    if (wantsFragment(request, 'mailbox-list')) return sendFragment(reply, list);
    return sendPage(ctx, request, reply, {
      title: t('admin.mail.mailbox'),
      body: html`<p><a href="/app/admin/mail">${t('admin.mail.back')}</a></p>
        <h1>${t('admin.mail.mailbox')}</h1>
        <p>${t('admin.mail.mailboxIntro')}</p>
        ${filterForm(
          page,
          '/app/admin/mail/mailbox',
          'mailbox-list',
          html`<div>
            <label for="f-to">${t('admin.mail.to')}</label>
            <input id="f-to" name="to" type="search" value="${to}" />
          </div>`
        )}
        ${list}`
    });
  });
};
