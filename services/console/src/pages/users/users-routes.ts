import type { Json } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole, type Role } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { alertBox, emptyState, field, pager, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { filterForm, hrefOf, idOf, must, noticeOf, oneOf, queryOf, searchText, selectField } from '../admin/kit.ts';
import type { PageContext } from '../../http/page-context.ts';

type User = Json<'/users/{id}', 'get'>;
const roles: readonly Role[] = ['user', 'manager', 'admin'];
const statuses = ['active', 'deactivated'] as const;
const PAGE_SIZE = 25;
type Params = { id: string };

const messages = {
  role: 'users.roleChanged',
  deactivated: 'users.deactivated',
  activated: 'users.activated',
  created: 'users.created'
} as const;

/**
 * Users and roles (SPEC §3.2, §3.9). Managers may read people (the API lets them); only an admin is offered the
 * role change, deactivation and new accounts, and the API decides again on each.
 */
export const usersRoutes: PageRoutes = (app, ctx) => {
  app.get('/admin/users', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const q = queryOf(request);
    const filters = {
      q: searchText(q.q),
      role: oneOf(q.role, roles),
      status: oneOf(q.status, statuses)
    };
    const cursor = q.cursor || undefined;
    const data = must(
      await request.page.api.GET('/users', {
        params: {
          query: {
            limit: PAGE_SIZE,
            ...(filters.q ? { q: filters.q } : {}),
            ...(filters.role ? { role: filters.role } : {}),
            ...(filters.status ? { status: filters.status } : {}),
            ...(cursor ? { cursor } : {})
          }
        }
      })
    );
    const page = request.page;
    const { t } = page;
    const href = (c?: string) => hrefOf('/app/admin/users', filters, c);
    const list = html`<div id="user-list">
      ${
        data.data.length
          ? html`<table>
              <caption class="hint">
                ${t('users.caption')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('field.username')}</th>
                  <th scope="col">${t('users.name')}</th>
                  <th scope="col">${t('field.email')}</th>
                  <th scope="col">${t('users.role')}</th>
                  <th scope="col">${t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                ${data.data.map(
                  (u) =>
                    html`<tr>
                      <th scope="row"><a href="/app/admin/users/${u.id}">${u.username}</a></th>
                      <td>${fullName(u)}</td>
                      <td>${u.email}</td>
                      <td>${t(`role.${u.role}`)}</td>
                      <td>${t(`users.status.${u.status}`)}</td>
                    </tr>`
                )}
              </tbody>
            </table>`
          : emptyState(t('users.empty'))
      }
      ${pager(page, data.next_cursor, cursor, href)}
    </div>`;
    if (wantsFragment(request, 'user-list')) return sendFragment(reply, list);
    const isAdmin = page.me?.role === 'admin';
    return sendPage(ctx, request, reply, {
      title: t('users.title'),
      body: html`<h1>${t('users.title')}</h1>
        ${noticeOf(page, q.m, messages)}
        ${filterForm(
          page,
          '/app/admin/users',
          'user-list',
          html`<div>
              <label for="f-q">${t('users.search')}</label>
              <input id="f-q" name="q" type="search" value="${filters.q}" />
            </div>
            ${selectField({ name: 'role', label: t('users.role'), value: filters.role, options: [{ value: '', label: t('users.anyRole') }, ...roles.map((r) => ({ value: r, label: t(`role.${r}`) }))] })}
            ${selectField({ name: 'status', label: t('common.status'), value: filters.status, options: [{ value: '', label: t('users.anyStatus') }, ...statuses.map((s) => ({ value: s, label: t(`users.status.${s}`) }))] })}`
        )}
        ${list} ${isAdmin ? newUserForm(page, {}) : ''}`
    });
  });

  app.post('/admin/users', async (request, reply) => {
    requireRole(request, 'admin');
    const body = request.body;
    const role = oneOf(text(body, 'role'), roles);
    const value = (name: string) => text(body, name) || undefined;
    const { data, error, response } = await request.page.api.POST('/users', {
      body: {
        username: text(body, 'username'),
        email: text(body, 'email'),
        ...(value('first_name') ? { first_name: value('first_name') } : {}),
        ...(value('last_name') ? { last_name: value('last_name') } : {}),
        ...(role ? { role } : {})
      }
    });
    if (!data) {
      const page = request.page;
      return sendPage(
        ctx,
        request,
        reply,
        {
          title: page.t('users.new'),
          body: html`<h1>${page.t('users.new')}</h1>
            ${newUserForm(page, { error: apiMessage(page, error), body: body as Record<string, string> })}`
        },
        response.status
      );
    }
    return seeOther(reply, `/app/admin/users/${data.id}?m=created`);
  });

  app.get<{ Params: Params }>('/admin/users/:id', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    return showUser(ctx, request, reply, idOf(request.params.id), {});
  });

  app.post<{ Params: Params }>('/admin/users/:id/role', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const role = oneOf(text(request.body, 'role'), roles);
    if (!role) return showUser(ctx, request, reply, id, { error: request.page.t('users.pickRole') }, 400);
    const { error, response } = await request.page.api.PUT('/users/{id}', {
      params: { path: { id } },
      body: { role }
    });
    if (!response.ok)
      return showUser(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/admin/users/${id}?m=role`);
  });

  // Deactivation asks first on a page of its own (no script needed), then the form there does it.
  app.get<{ Params: Params }>('/admin/users/:id/deactivate', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const user = must(await request.page.api.GET('/users/{id}', { params: { path: { id } } }));
    const { t } = request.page;
    return sendPage(ctx, request, reply, {
      title: t('users.deactivateTitle', { name: user.username }),
      body: html`<h1>${t('users.deactivateTitle', { name: user.username })}</h1>
        <p>${t('users.deactivateText')}</p>
        ${postForm(
          request.page,
          `/app/admin/users/${id}/deactivate`,
          html`<button type="submit">${t('users.deactivateConfirm', { name: user.username })}</button>
            <a class="button secondary" href="/app/admin/users/${id}">${t('users.cancel')}</a>`
        )}`
    });
  });

  app.post<{ Params: Params }>('/admin/users/:id/deactivate', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.DELETE('/users/{id}', { params: { path: { id } } });
    if (!response.ok)
      return showUser(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/admin/users/${id}?m=deactivated`);
  });

  app.post<{ Params: Params }>('/admin/users/:id/activate', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.PUT('/users/{id}', {
      params: { path: { id } },
      body: { status: 'active' }
    });
    if (!response.ok)
      return showUser(ctx, request, reply, id, { error: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/admin/users/${id}?m=activated`);
  });
};

const fullName = (u: Pick<User, 'first_name' | 'last_name'>): string =>
  [u.first_name, u.last_name].filter(Boolean).join(' ');

async function showUser(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  o: { error?: string },
  status = 200
) {
  const page = request.page;
  const { t, fmt } = page;
  const user = must(await page.api.GET('/users/{id}', { params: { path: { id } } }));
  const isAdmin = page.me?.role === 'admin';
  const self = page.me?.id === user.id;
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: user.username,
      body: html`<p><a href="/app/admin/users">${t('users.back')}</a></p>
        <h1>${user.username}</h1>
        ${noticeOf(page, queryOf(request).m, messages)} ${alertBox(o.error)}
        <dl class="facts">
          <dt>${t('users.name')}</dt>
          <dd>${fullName(user) || '—'}</dd>
          <dt>${t('field.email')}</dt>
          <dd>${user.email}</dd>
          <dt>${t('field.phone')}</dt>
          <dd>${user.phone ?? '—'}</dd>
          <dt>${t('users.role')}</dt>
          <dd>${t(`role.${user.role}`)}</dd>
          <dt>${t('common.status')}</dt>
          <dd>${t(`users.status.${user.status}`)}</dd>
          <dt>${t('users.since')}</dt>
          <dd>${fmt.dateTime(user.created_at)}</dd>
        </dl>
        ${isAdmin ? adminActions(page, user, self) : ''}`
    },
    status
  );
}

/** Only an admin sees these; an admin's own account is not offered its own demotion or deactivation. */
function adminActions(page: PageContext, user: User, self: boolean): Html {
  const { t } = page;
  if (self) return html`<p class="hint">${t('users.selfHint')}</p>`;
  return html`<section aria-labelledby="role-title">
      <h2 id="role-title">${t('users.changeRole')}</h2>
      ${postForm(
        page,
        `/app/admin/users/${user.id}/role`,
        html`${selectField({ name: 'role', label: t('users.newRole'), value: user.role, options: roles.map((r) => ({ value: r, label: t(`role.${r}`) })) })}
          <div><button type="submit">${t('users.saveRole')}</button></div>`,
        html`class="stack"`
      )}
    </section>
    <section aria-labelledby="status-title">
      <h2 id="status-title">${t('users.access')}</h2>
      ${
        user.status === 'active'
          ? html`<p>${t('users.activeText')}</p>
              <p>
                <a class="button secondary" href="/app/admin/users/${user.id}/deactivate">${t('users.deactivate')}</a>
              </p>`
          : html`<p>${t('users.deactivatedText')}</p>
              ${postForm(page, `/app/admin/users/${user.id}/activate`, html`<button type="submit">${t('users.activate')}</button>`)}`
      }
    </section>`;
}

function newUserForm(page: PageContext, o: { error?: string; body?: Record<string, string> }): Html {
  const { t } = page;
  const v = (name: string) => (typeof o.body?.[name] === 'string' ? o.body[name] : '');
  return html`<section aria-labelledby="new-user-title">
    <h2 id="new-user-title">${t('users.new')}</h2>
    <p class="hint">${t('users.newHint')}</p>
    ${alertBox(o.error)}
    ${postForm(
      page,
      '/app/admin/users',
      html`${field({ name: 'username', label: t('field.username'), value: v('username'), required: true })}
        ${field({ name: 'email', label: t('field.email'), type: 'email', value: v('email'), required: true })}
        ${field({ name: 'first_name', label: t('field.firstName'), value: v('first_name') })}
        ${field({ name: 'last_name', label: t('field.lastName'), value: v('last_name') })}
        ${selectField({ name: 'role', id: 'f-new-role', label: t('users.role'), value: v('role') || 'user', options: roles.map((r) => ({ value: r, label: t(`role.${r}`) })) })}
        <div><button type="submit">${t('users.create')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;
}
