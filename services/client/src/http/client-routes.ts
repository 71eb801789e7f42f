import {
  AppError,
  bearerSecurity,
  containsPattern,
  listPage,
  PageOf,
  type HttpServer,
  type Queryable
} from '@style-flow/platform';
import { Type } from 'typebox';
import { findClient, listClients, namePosition } from '../data/client-repository.ts';
import { primaryContact } from '../data/contact-repository.ts';
import { totalsOf } from '../data/payment-totals-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { archiveClient } from '../domain/archive-client.ts';
import { changeClient } from '../domain/change-client.ts';
import { createClient } from '../domain/create-client.ts';
import { mergeClients } from '../domain/merge-clients.ts';
import { staff } from './access.ts';
import { clientChanges, newClient } from './input.ts';
import {
  ClientDetailView,
  ClientView,
  CreateClientBody,
  DuplicateQuery,
  IdParams,
  ListClientsQuery,
  MergeBody,
  UpdateClientBody
} from './schemas.ts';
import { clientDetailView, clientView } from './views.ts';

const tags = ['clients'];
const security = bearerSecurity;

async function positionOf(db: Queryable, id: number): Promise<[string, number]> {
  const position = await namePosition(db, id);
  if (position) return position;
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list gave out.', {
    errors: [{ path: '/cursor', message: 'is not a valid cursor' }]
  });
}

async function detail(db: Queryable, id: number) {
  const client = await findClient(db, id);
  if (!client) throw new AppError('NOT_FOUND', `No client ${id}.`);
  return clientDetailView(client, await totalsOf(db, id), await primaryContact(db, id));
}

export function registerClientRoutes(app: HttpServer, ctx: ClientContext): void {
  const preHandler = ctx.auth.required;

  app.get(
    '/clients',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Clients in name order (manager, admin); archived ones only with status=archived',
        querystring: ListClientsQuery,
        response: { 200: PageOf(ClientView) }
      }
    },
    async (request) => {
      staff(request);
      const { type, industry, status, q } = request.query;
      const filter = { type, industry, status, like: q === undefined ? undefined : containsPattern(q) };
      // The cursor is the last row's id, never its name: the position is read back from the row, so a cursor
      // holds nothing but an id the list gave out (clients are archived, never deleted, so the row is there).
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        async (after, n) => listClients(ctx.db, filter, after && (await positionOf(ctx.db, after[0])), n),
        (c) => [c.id],
        clientView
      );
    }
  );

  app.get(
    '/clients/:id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'One client with its totals paid and refunded per currency and its primary contact',
        params: IdParams,
        response: { 200: ClientDetailView }
      }
    },
    async (request) => {
      staff(request);
      return detail(ctx.db, request.params.id);
    }
  );

  app.post(
    '/clients',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Create a client; one that looks like a live client is a 409 listing it, unless allow_duplicate',
        querystring: DuplicateQuery,
        body: CreateClientBody,
        response: { 201: ClientView }
      }
    },
    async (request, reply) => {
      staff(request);
      const allow = request.query.allow_duplicate ?? false;
      const client = await createClient(ctx, newClient(request.body), allow, request.traceparent);
      return reply.code(201).header('location', `/clients/${client.id}`).send(clientView(client));
    }
  );

  app.put(
    '/clients/:id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Change a live client; a new name, email or website is checked for duplicates like a new client',
        params: IdParams,
        querystring: DuplicateQuery,
        body: UpdateClientBody,
        response: { 200: ClientView }
      }
    },
    async (request) => {
      staff(request);
      const allow = request.query.allow_duplicate ?? false;
      const changes = clientChanges(request.body);
      return clientView(await changeClient(ctx, request.params.id, changes, allow, request.traceparent));
    }
  );

  app.delete(
    '/clients/:id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Archive a client (status archived); its contacts, timeline and totals are kept',
        params: IdParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      staff(request);
      await archiveClient(ctx, request.params.id, request.traceparent);
      return reply.code(204).send(null);
    }
  );

  app.post(
    '/clients/:id/merge',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: "Fold client from_id into this one: its contacts, timeline and totals move here, and it's archived",
        params: IdParams,
        body: MergeBody,
        response: { 200: ClientDetailView }
      }
    },
    async (request) => {
      staff(request);
      await mergeClients(ctx, request.params.id, request.body.from_id, request.traceparent);
      return detail(ctx.db, request.params.id);
    }
  );
}
