import { AppError, bearerSecurity, listPage, PageOf, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { findClient } from '../data/client-repository.ts';
import { findContact, listContacts } from '../data/contact-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { addContact } from '../domain/add-contact.ts';
import { changeContact } from '../domain/change-contact.ts';
import { removeContact } from '../domain/remove-contact.ts';
import { staff } from './access.ts';
import { contactChanges, newContact } from './input.ts';
import {
  ContactParams,
  ContactView,
  CreateContactBody,
  IdParams,
  ListContactsQuery,
  UpdateContactBody
} from './schemas.ts';
import { contactView } from './views.ts';

const tags = ['contacts'];
const security = bearerSecurity;

export function registerContactRoutes(app: HttpServer, ctx: ClientContext): void {
  const preHandler = ctx.auth.required;

  app.get(
    '/clients/:id/contacts',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: "A client's contacts in the order they were added (manager, admin)",
        params: IdParams,
        querystring: ListContactsQuery,
        response: { 200: PageOf(ContactView) }
      }
    },
    async (request) => {
      staff(request);
      const { id } = request.params;
      if (!(await findClient(ctx.db, id))) throw new AppError('NOT_FOUND', `No client ${id}.`);
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listContacts(ctx.db, id, after, n),
        (c) => [c.id],
        contactView
      );
    }
  );

  app.get(
    '/clients/:id/contacts/:contact_id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'One contact of a client',
        params: ContactParams,
        response: { 200: ContactView }
      }
    },
    async (request) => {
      staff(request);
      const { id, contact_id } = request.params;
      const contact = await findContact(ctx.db, id, contact_id);
      if (!contact) throw new AppError('NOT_FOUND', `Client ${id} has no contact ${contact_id}.`);
      return contactView(contact);
    }
  );

  app.post(
    '/clients/:id/contacts',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Add a contact; the first is primary, and a new primary demotes the old one',
        params: IdParams,
        body: CreateContactBody,
        response: { 201: ContactView }
      }
    },
    async (request, reply) => {
      staff(request);
      const { id } = request.params;
      const contact = await addContact(ctx, id, newContact(request.body), request.body.is_primary, request.traceparent);
      return reply.code(201).header('location', `/clients/${id}/contacts/${contact.id}`).send(contactView(contact));
    }
  );

  app.put(
    '/clients/:id/contacts/:contact_id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Change a contact; is_primary true makes it the one primary contact of the client',
        params: ContactParams,
        body: UpdateContactBody,
        response: { 200: ContactView }
      }
    },
    async (request) => {
      staff(request);
      const { id, contact_id } = request.params;
      const changes = contactChanges(request.body);
      return contactView(
        await changeContact(ctx, id, contact_id, changes, request.body.is_primary, request.traceparent)
      );
    }
  );

  app.delete(
    '/clients/:id/contacts/:contact_id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Remove a contact; removing the primary promotes no one',
        params: ContactParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      staff(request);
      await removeContact(ctx, request.params.id, request.params.contact_id, request.traceparent);
      return reply.code(204).send(null);
    }
  );
}
