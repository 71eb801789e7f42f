import { AppError, decodeCursor, PageOf, toPage, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { findEvent } from '../data/event-repository.ts';
import { listRegistrations, type RegistrationRow } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { cancelRegistration, registerForEvent } from '../domain/registrations.ts';
import { IdParams, ListRegistrationsQuery, RegisterBody, RegistrationParams, RegistrationView } from './schemas.ts';

const view = (r: RegistrationRow) => ({
  id: r.id,
  event_id: r.event_id,
  user_id: r.user_id,
  status: r.status,
  hold_expires_at: r.hold_expires_at?.toISOString() ?? null,
  payment_id: r.payment_id,
  cancel_reason: r.cancel_reason,
  created_at: r.created_at.toISOString()
});
const tags = ['registrations'];
const security = [{ bearer: [] }];

export function registerRegistrationRoutes(app: HttpServer, ctx: EventContext): void {
  app.post(
    '/events/:id/register',
    {
      preHandler: ctx.auth.required,
      // `curl -X POST …/register` sends no body at all: that is an empty one.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags,
        security,
        summary: 'Register yourself (an admin may name user_id): confirmed, pending_payment or waitlisted',
        params: IdParams,
        body: RegisterBody,
        response: { 201: RegistrationView }
      }
    },
    async (request, reply) => {
      const p = request.principal!;
      const userId = request.body.user_id ?? p.userId;
      if (userId !== p.userId && p.role !== 'admin')
        throw new AppError('FORBIDDEN', 'Only an admin may register someone else.');
      const registration = await registerForEvent(ctx, request.params.id, userId, request.traceparent);
      return reply
        .code(201)
        .header('location', `/events/${request.params.id}/registrations/${registration.id}`)
        .send(view(registration));
    }
  );

  app.get(
    '/events/:id/registrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Registrations of an event: all for its organiser and admins, your own for anyone else',
        params: IdParams,
        querystring: ListRegistrationsQuery,
        response: { 200: PageOf(RegistrationView) }
      }
    },
    async (request) => {
      const p = request.principal!;
      const event = await findEvent(ctx.db, request.params.id);
      if (!event) throw new AppError('NOT_FOUND', `No event ${request.params.id}.`);
      const seesAll = p.role === 'admin' || event.organizer_id === p.userId;
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor, ['id']);
      const rows = await listRegistrations(ctx.db, {
        eventId: event.id,
        userId: seesAll ? undefined : p.userId,
        status: request.query.status,
        afterId: (after?.[0] as number | undefined) ?? 0,
        limit: limit + 1
      });
      const page = toPage(rows, limit, (r) => [r.id]);
      return { data: page.data.map(view), next_cursor: page.next_cursor };
    }
  );

  app.delete(
    '/events/:id/registrations/:registration_id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Cancel a registration (the registrant, the organiser, admin); the seat goes to the waitlist',
        params: RegistrationParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      await cancelRegistration(
        ctx,
        request.params.id,
        request.params.registration_id,
        request.principal!,
        request.traceparent
      );
      return reply.code(204).send(null);
    }
  );
}
