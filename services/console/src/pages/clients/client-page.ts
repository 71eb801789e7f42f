import { allPages } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { sendPage } from '../../http/render.ts';
import { html } from '../../views/html.ts';
import { must, noticeOf, queryOf } from '../admin/kit.ts';
import { archivedNote, editSection, type EditState } from './client-edit.ts';
import { contactsSection, facts, timeline, totals } from './client-views.ts';

export const clientMessages = {
  created: 'clients.created',
  updated: 'clients.updated',
  archived: 'clients.archived',
  contactAdded: 'clients.contactAdded',
  contactRemoved: 'clients.contactRemoved',
  primary: 'clients.primaryChanged',
  logged: 'clients.logged',
  merged: 'clients.merged'
} as const;

/** What a refused form post puts back on the client's page: the API's message next to the form it came from. */
export interface ClientPageState {
  contactError?: string;
  activityError?: string;
  edit?: EditState;
}

/**
 * A client's page: its facts, the forms that change it (only while it is live: the API refuses changes to an archived
 * client), its totals, contacts and timeline.
 */
export async function showClient(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  o: ClientPageState,
  status = 200
) {
  const page = request.page;
  const { api, t } = page;
  const q = queryOf(request);
  const cursor = q.cursor || undefined;
  const [client, contacts, activity] = await Promise.all([
    api.GET('/clients/{id}', { params: { path: { id } } }).then(must),
    allPages((c) =>
      api.GET('/clients/{id}/contacts', {
        params: { path: { id }, query: { limit: 200, ...(c ? { cursor: c } : {}) } }
      })
    ),
    api
      .GET('/clients/{id}/activity', { params: { path: { id }, query: { limit: 20, ...(cursor ? { cursor } : {}) } } })
      .then(must)
  ]);
  const live = client.status === 'active';
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: client.name,
      body: html`<p><a href="/app/staff/clients">${t('clients.back')}</a></p>
        <h1>${client.name}</h1>
        ${noticeOf(page, q.m, clientMessages)} ${facts(page, client)}
        ${
          live
            ? html`${editSection(page, client, o.edit ?? {})}
                <p>
                  <a class="button secondary" href="/app/staff/clients/${id}/merge">${t('clients.mergeStart')}</a>
                  <a class="button secondary" href="/app/staff/clients/${id}/archive">${t('clients.archiveStart')}</a>
                </p>`
            : archivedNote(page, o.edit)
        }
        ${totals(page, client)} ${contactsSection(page, client, contacts, live, o.contactError)}
        ${timeline(page, client, activity.data, activity.next_cursor, cursor, live, o.activityError)}`
    },
    status
  );
}
