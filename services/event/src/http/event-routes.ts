import {
  AppError,
  bearerSecurity,
  containsPattern,
  IdParams,
  listPage,
  PageOf,
  requireRole,
  type HttpServer
} from '@style-flow/platform';
import { Type } from 'typebox';
import { findEventWithResources, listEvents } from '../data/event-repository.ts';
import type { EventContext } from '../event-context.ts';
import { cancelEvent } from '../domain/cancel-event.ts';
import { changeEvent } from '../domain/change-event.ts';
import { createEvent } from '../domain/create-event.ts';
import { eventInput, newEventInput } from './input.ts';
import { CreateEventBody, EventDetailView, EventView, ListEventsQuery, UpdateEventBody } from './schemas.ts';
import { instant, startPosition } from './start-position.ts';
import { eventResourceView, eventView } from './views.ts';

const tags = ['events'];
// The client service is asked with the caller's own token (it shows clients to staff only).
const clientCaller = (request: { headers: { authorization?: string | undefined }; traceparent: string }) => ({
  authorization: request.headers.authorization,
  traceparent: request.traceparent
});

export function registerEventRoutes(app: HttpServer, ctx: EventContext): void {
  app.get(
    '/events',
    {
      preHandler: ctx.auth.optional,
      schema: {
        tags,
        summary: 'Events, in start order (public)',
        querystring: ListEventsQuery,
        response: { 200: PageOf(EventView) }
      }
    },
    async (request) => {
      const { category_id, status, organizer_id, from, to, q } = request.query;
      const filter = {
        category_id,
        status,
        organizer_id,
        from: instant(from, '/from'),
        to: instant(to, '/to'),
        like: q === undefined ? undefined : containsPattern(q)
      };
      return listPage(
        ctx.cursors,
        request,
        ['int', 'id'],
        (after, n) => listEvents(ctx.db, filter, startPosition(after), n),
        (e) => [e.start_date.getTime(), e.id],
        eventView
      );
    }
  );

  app.get(
    '/events/:id',
    {
      preHandler: ctx.auth.optional,
      schema: {
        tags,
        summary: 'One event with its seats, its check-ins and its allocated resources (public)',
        params: IdParams,
        response: { 200: EventDetailView }
      }
    },
    async (request) => {
      const found = await findEventWithResources(ctx.db, request.params.id);
      if (!found) throw new AppError('NOT_FOUND', `No event ${request.params.id}.`);
      return {
        ...eventView(found.event),
        checked_in_count: found.checkedIn,
        resources: found.resources.map(eventResourceView)
      };
    }
  );

  app.post(
    '/events',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Create an event (manager, admin)',
        body: CreateEventBody,
        response: { 201: EventView }
      }
    },
    async (request, reply) => {
      const organizer = requireRole(request, 'manager', 'admin');
      const event = await createEvent(ctx, newEventInput(request.body), organizer, clientCaller(request));
      return reply.code(201).header('location', `/events/${event.id}`).send(eventView(event));
    }
  );

  app.put(
    '/events/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Change an event (its organiser, admin)',
        params: IdParams,
        body: UpdateEventBody,
        response: { 200: EventView }
      }
    },
    async (request) => {
      const actor = requireRole(request, 'manager', 'admin');
      return eventView(
        await changeEvent(ctx, request.params.id, eventInput(request.body, false), actor, clientCaller(request))
      );
    }
  );

  app.delete(
    '/events/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Cancel an event and its registrations (its organiser, admin)',
        params: IdParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      const actor = requireRole(request, 'manager', 'admin');
      await cancelEvent(ctx, request.params.id, actor, request.traceparent);
      return reply.code(204).send(null);
    }
  );
}
