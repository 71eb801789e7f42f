import { AppError, decodeCursor, PageOf, requireRole, toPage, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import type { EventInput, EventRow } from '../data/event-repository.ts';
import { findEvent, listEvents } from '../data/event-repository.ts';
import { resourcesOfEvent } from '../data/event-resource-repository.ts';
import type { EventContext } from '../event-context.ts';
import { cancelEvent, changeEvent, createEvent } from '../domain/events.ts';
import { eventInput, toInstant } from './input.ts';
import { CreateEventBody, EventDetailView, EventView, IdParams, ListEventsQuery, UpdateEventBody } from './schemas.ts';

export function eventView(e: EventRow) {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    start_date: e.start_date.toISOString(),
    end_date: e.end_date.toISOString(),
    location: e.location,
    capacity: e.capacity,
    category_id: e.category_id,
    price: e.price,
    currency: e.currency,
    organizer_id: e.organizer_id,
    status: e.status,
    registered_count: e.seats_taken,
    available_seats: e.status === 'scheduled' ? e.capacity - e.seats_taken : 0,
    created_at: e.created_at.toISOString(),
    updated_at: e.updated_at.toISOString()
  };
}

const tags = ['events'];
const security = [{ bearer: [] }];

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
      const { limit = 50, cursor, from, to, ...filters } = request.query;
      const after = decodeCursor(cursor, ['int', 'id']);
      const rows = await listEvents(ctx.db, {
        ...filters,
        from: from === undefined ? undefined : toInstant(from, '/from'),
        to: to === undefined ? undefined : toInstant(to, '/to'),
        after,
        limit: limit + 1
      });
      const page = toPage(rows, limit, (e) => [e.start_us, e.id]);
      return { data: page.data.map(eventView), next_cursor: page.next_cursor };
    }
  );

  app.get(
    '/events/:id',
    {
      preHandler: ctx.auth.optional,
      schema: {
        tags,
        summary: 'One event with its seats and allocated resources (public)',
        params: IdParams,
        response: { 200: EventDetailView }
      }
    },
    async (request) => {
      const event = await findEvent(ctx.db, request.params.id);
      if (!event) throw new AppError('NOT_FOUND', `No event ${request.params.id}.`);
      const resources = await resourcesOfEvent(ctx.db, event.id);
      return {
        ...eventView(event),
        resources: resources.map((r) => ({
          allocation_id: r.allocation_id,
          resource_id: r.resource_id,
          name: r.resource_name,
          type_id: r.resource_type_id,
          quantity: r.quantity,
          start_time: r.start_time.toISOString(),
          end_time: r.end_time.toISOString()
        }))
      };
    }
  );

  app.post(
    '/events',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Create an event (manager, admin)',
        body: CreateEventBody,
        response: { 201: EventView }
      }
    },
    async (request, reply) => {
      const organizer = requireRole(request, 'manager', 'admin');
      const defaults: Pick<EventInput, 'description' | 'location' | 'price' | 'currency'> = {
        description: null,
        location: null,
        price: null,
        currency: null
      };
      const event = await createEvent(
        ctx,
        Object.assign(defaults, eventInput(request.body, true)) as EventInput,
        organizer,
        request.traceparent
      );
      return reply.code(201).header('location', `/events/${event.id}`).send(eventView(event));
    }
  );

  app.put(
    '/events/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Change an event (its organiser, admin)',
        params: IdParams,
        body: UpdateEventBody,
        response: { 200: EventView }
      }
    },
    async (request) => {
      const actor = requireRole(request, 'manager', 'admin');
      return eventView(
        await changeEvent(ctx, request.params.id, eventInput(request.body, false), actor, request.traceparent)
      );
    }
  );

  app.delete(
    '/events/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
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
