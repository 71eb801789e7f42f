import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { html } from '../../views/html.ts';
import { filterForm, idOf, must, oneOf, queryOf, searchText, selectField } from '../admin/kit.ts';
import { clientEditRoutes } from './client-edit-routes.ts';
import { showClient } from './client-page.ts';
import { clientList, clientStatuses, clientTypes, manualTypes, newClientForm, type Candidate } from './client-views.ts';
import { mergeRoutes } from './merge-routes.ts';

const PAGE_SIZE = 25;
type Params = { id: string; cid?: string };

/**
 * Clients (SPEC §3.5, §3.9): search, create with the duplicate warning, the detail with contacts, timeline, totals;
 * edit and archive (client-edit-routes.ts) and merge (merge-routes.ts).
 */
export const clientsRoutes: PageRoutes = (app, ctx) => {
  app.get('/staff/clients', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const q = queryOf(request);
    const filters = {
      q: searchText(q.q),
      type: oneOf(q.type, clientTypes),
      status: oneOf(q.status, clientStatuses)
    };
    const cursor = q.cursor || undefined;
    const data = must(
      await request.page.api.GET('/clients', {
        params: {
          query: {
            limit: PAGE_SIZE,
            ...(filters.q ? { q: filters.q } : {}),
            ...(filters.type ? { type: filters.type } : {}),
            ...(filters.status ? { status: filters.status } : {}),
            ...(cursor ? { cursor } : {})
          }
        }
      })
    );
    const list = clientList(request.page, data.data, data.next_cursor, cursor, filters);
    if (wantsFragment(request, 'client-list')) return sendFragment(reply, list);
    return listPage(ctx, request, reply, filters, list, {});
  });

  app.post('/staff/clients', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const b = request.body;
    const opt = (name: string) => text(b, name) || null;
    const { data, error, response } = await request.page.api.POST('/clients', {
      params: { query: text(b, 'allow_duplicate') === 'true' ? { allow_duplicate: true } : {} },
      body: {
        name: text(b, 'name'),
        type: oneOf(text(b, 'type'), clientTypes) ?? 'organization',
        industry: opt('industry'),
        description: opt('description'),
        email: opt('email'),
        phone: opt('phone'),
        website: opt('website')
      }
    });
    if (!data) {
      const candidates = (error as { candidates?: Candidate[] } | undefined)?.candidates;
      const form = { error: apiMessage(request.page, error), body: b as Record<string, unknown>, candidates };
      const list = html``;
      return listPage(ctx, request, reply, {}, list, form, response.status);
    }
    return seeOther(reply, `/app/staff/clients/${data.id}?m=created`);
  });

  app.get<{ Params: Params }>('/staff/clients/:id', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    return showClient(ctx, request, reply, idOf(request.params.id), {});
  });

  app.post<{ Params: Params }>('/staff/clients/:id/contacts', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const b = request.body;
    const opt = (name: string) => text(b, name) || null;
    const { error, response } = await request.page.api.POST('/clients/{id}/contacts', {
      params: { path: { id } },
      body: {
        name: text(b, 'name'),
        email: opt('email'),
        phone: opt('phone'),
        position: opt('position'),
        ...(text(b, 'is_primary') === 'true' ? { is_primary: true } : {})
      }
    });
    if (!response.ok)
      return showClient(ctx, request, reply, id, { contactError: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/staff/clients/${id}?m=contactAdded#contacts`);
  });

  app.post<{ Params: Params }>('/staff/clients/:id/contacts/:cid/primary', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.PUT('/clients/{id}/contacts/{contact_id}', {
      params: { path: { id, contact_id: idOf(request.params.cid) } },
      body: { is_primary: true }
    });
    if (!response.ok)
      return showClient(ctx, request, reply, id, { contactError: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/staff/clients/${id}?m=primary#contacts`);
  });

  app.post<{ Params: Params }>('/staff/clients/:id/contacts/:cid/remove', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.DELETE('/clients/{id}/contacts/{contact_id}', {
      params: { path: { id, contact_id: idOf(request.params.cid) } }
    });
    if (!response.ok)
      return showClient(ctx, request, reply, id, { contactError: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/staff/clients/${id}?m=contactRemoved#contacts`);
  });

  app.post<{ Params: Params }>('/staff/clients/:id/activity', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.POST('/clients/{id}/activity', {
      params: { path: { id } },
      body: {
        type: oneOf(text(request.body, 'type'), manualTypes) ?? 'note',
        description: text(request.body, 'description')
      }
    });
    if (!response.ok)
      return showClient(ctx, request, reply, id, { activityError: apiMessage(request.page, error) }, response.status);
    return seeOther(reply, `/app/staff/clients/${id}?m=logged#timeline`);
  });

  clientEditRoutes(app, ctx);
  mergeRoutes(app, ctx);
};

function listPage(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  filters: { q?: string; type?: string; status?: string },
  list: ReturnType<typeof html>,
  form: Parameters<typeof newClientForm>[1],
  status = 200
) {
  const page = request.page;
  const { t } = page;
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('clients.title'),
      body: html`<h1>${t('clients.title')}</h1>
        ${filterForm(
          page,
          '/app/staff/clients',
          'client-list',
          html`<div>
              <label for="f-q">${t('clients.search')}</label>
              <input id="f-q" name="q" type="search" value="${filters.q ?? ''}" />
            </div>
            ${selectField({ name: 'type', label: t('clients.type'), value: filters.type, options: [{ value: '', label: t('clients.anyType') }, ...clientTypes.map((x) => ({ value: x, label: t(`clients.type.${x}`) }))] })}
            ${selectField({ name: 'status', label: t('common.status'), value: filters.status, options: [{ value: '', label: t('clients.liveOnly') }, ...clientStatuses.map((x) => ({ value: x, label: t(`clients.status.${x}`) }))] })}`
        )}
        ${list} ${newClientForm(page, form)}`
    },
    status
  );
}
