import { ProblemError, type Json } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireMe, type PageContext } from '../../http/page-context.ts';
import { sendPage } from '../../http/render.ts';
import { locales } from '../../i18n/locale.ts';
import { alertBox, field, notice, postForm } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import { saveSetting } from '../account/account-routes.ts';

type User = Json<'/users/{id}', 'get'>;

/** My profile: names and phone, the language, and whether optional messages come (SPEC §3.8). */
export const profileRoutes: PageRoutes = (app, ctx) => {
  app.get('/my/profile', async (request, reply) => show(ctx, request, reply, {}));

  app.post('/my/profile', async (request, reply) => {
    const me = requireMe(request);
    const value = (name: string) => text(request.body, name) || null;
    const { error, response } = await request.page.api.PUT('/users/{id}', {
      params: { path: { id: me.id } },
      body: { first_name: value('first_name'), last_name: value('last_name'), phone: value('phone') }
    });
    if (!response.ok) return show(ctx, request, reply, { error: apiMessage(request.page, error) }, response.status);
    return show(ctx, request, reply, { saved: true });
  });

  app.post('/my/messages', async (request, reply) => {
    const me = requireMe(request);
    await saveSetting(request, me.id, { optional_messages: text(request.body, 'optional_messages') === 'on' });
    return show(ctx, request, reply, { saved: true });
  });
};

async function show(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  o: { saved?: boolean; error?: string },
  status = 200
) {
  const me = requireMe(request);
  const { data, error, response } = await request.page.api.GET('/users/{id}', { params: { path: { id: me.id } } });
  if (!data) throw new ProblemError(response, error);
  const { t } = request.page;
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('profile.title'),
      body: html`<h1>${t('profile.title')}</h1>
        ${o.saved ? notice(t('common.saved')) : ''} ${alertBox(o.error)}
        <p>${data.email} · ${t('profile.role', { role: t(`role.${data.role}`) })}</p>
        ${details(request.page, data)} ${language(request.page)} ${messages(request.page, data)}`
    },
    status
  );
}

const details = (page: PageContext, user: User) =>
  html`<section aria-labelledby="details-title">
    <h2 id="details-title">${page.t('profile.details')}</h2>
    ${postForm(
      page,
      '/app/my/profile',
      html`${field({ name: 'first_name', label: page.t('field.firstName'), value: user.first_name, autocomplete: 'given-name' })}
        ${field({ name: 'last_name', label: page.t('field.lastName'), value: user.last_name, autocomplete: 'family-name' })}
        ${field({ name: 'phone', label: page.t('field.phone'), type: 'tel', value: user.phone, autocomplete: 'tel' })}
        <div><button type="submit">${page.t('common.save')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;

const language = (page: PageContext) =>
  html`<section aria-labelledby="language-title">
    <h2 id="language-title">${page.t('profile.language')}</h2>
    ${postForm(
      page,
      '/app/language',
      html`<input type="hidden" name="back" value="/app/my/profile" />
        <fieldset>
          <legend>${page.t('profile.language')}</legend>
          ${locales.map(
            (l) =>
              html`<div>
                <input
                  type="radio"
                  id="lang-${l}"
                  name="locale"
                  value="${l}"
                  ${l === page.locale ? html`checked` : ''}
                />
                <label for="lang-${l}" class="inline" lang="${l}">${page.t(`lang.${l}`)}</label>
              </div>`
          )}
        </fieldset>
        <div><button type="submit">${page.t('common.save')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;

const messages = (page: PageContext, user: User) =>
  html`<section aria-labelledby="messages-title">
    <h2 id="messages-title">${page.t('profile.messages')}</h2>
    ${postForm(
      page,
      '/app/my/messages',
      html`<div>
          <input
            type="checkbox"
            id="f-optional"
            name="optional_messages"
            ${user.settings.optional_messages !== false ? html`checked` : ''}
          />
          <label for="f-optional" class="inline">${page.t('profile.optional')}</label>
        </div>
        <p class="hint">${page.t('profile.essential')}</p>
        <div><button type="submit">${page.t('common.save')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;
