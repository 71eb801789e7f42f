import type { PageRoutes } from '../../http/console-app.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { idOf, must, oneOf } from '../admin/kit.ts';
import { archiveConfirm } from './client-edit.ts';
import { showClient } from './client-page.ts';
import { clientTypes, type Candidate } from './client-views.ts';

type Params = { id: string };

/**
 * Changing and archiving a client (SPEC §3.5: PUT and DELETE /clients/{id}), for the staff the client service lets
 * do it. The client service has no way back from the archive, so archiving asks first and nothing offers a restore.
 */
export const clientEditRoutes: PageRoutes = (app, ctx) => {
  app.post<{ Params: Params }>('/staff/clients/:id', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const b = request.body;
    // Every field is sent: an emptied optional field is a cleared one (null), as on the new-client form.
    const opt = (name: string) => text(b, name) || null;
    const type = oneOf(text(b, 'type'), clientTypes);
    const { error, response } = await request.page.api.PUT('/clients/{id}', {
      params: { path: { id }, query: text(b, 'allow_duplicate') === 'true' ? { allow_duplicate: true } : {} },
      body: {
        name: text(b, 'name'),
        ...(type ? { type } : {}),
        industry: opt('industry'),
        description: opt('description'),
        email: opt('email'),
        phone: opt('phone'),
        website: opt('website')
      }
    });
    if (!response.ok) {
      const candidates = (error as { candidates?: Candidate[] } | undefined)?.candidates;
      const edit = { error: apiMessage(request.page, error), body: b as Record<string, unknown>, candidates };
      return showClient(ctx, request, reply, id, { edit }, response.status);
    }
    return seeOther(reply, `/app/staff/clients/${id}?m=updated`);
  });

  app.get<{ Params: Params }>('/staff/clients/:id/archive', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const client = must(await request.page.api.GET('/clients/{id}', { params: { path: { id } } }));
    return sendPage(ctx, request, reply, archiveConfirm(request.page, client));
  });

  app.post<{ Params: Params }>('/staff/clients/:id/archive', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const { error, response } = await request.page.api.DELETE('/clients/{id}', { params: { path: { id } } });
    if (!response.ok) {
      const client = must(await request.page.api.GET('/clients/{id}', { params: { path: { id } } }));
      const view = archiveConfirm(request.page, client, apiMessage(request.page, error));
      return sendPage(ctx, request, reply, view, response.status);
    }
    return seeOther(reply, `/app/staff/clients/${id}?m=archived`);
  });
};
