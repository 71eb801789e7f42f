import { bearerSecurity, IdParams, listPage, PageOf, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { exportBatch } from '../data/registration-export-repository.ts';
import { listRegistrations } from '../data/registration-repository.ts';
import { listUserRegistrations } from '../data/user-registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { cancelRegistration } from '../domain/cancel-registration.ts';
import { registerForEvent } from '../domain/register-for-event.ts';
import { registrationsVisibleTo } from '../domain/registrations-visible-to.ts';
import { userRegistrationsVisibleTo } from '../domain/user-registrations-visible-to.ts';
import {
  ListRegistrationsQuery,
  ListUserRegistrationsQuery,
  RegisterBody,
  RegistrationParams,
  RegistrationView,
  UserRegistrationView
} from './schemas.ts';
import { registrationsCsv } from './registrations-csv.ts';
import { instant, startPosition } from './start-position.ts';
import { preferredType } from './representation.ts';
import { registrationView, userRegistrationView } from './views.ts';

const tags = ['registrations'];

export function registerRegistrationRoutes(app: HttpServer, ctx: EventContext): void {
  app.post(
    '/events/:id/register',
    {
      preHandler: ctx.auth.required,
      // `curl -X POST …/register` sends no body at all: that is an empty one (a JSON `null` is not).
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Register yourself (an admin may name user_id): confirmed, pending_payment or waitlisted',
        params: IdParams,
        body: RegisterBody,
        response: { 201: RegistrationView }
      }
    },
    async (request, reply) => {
      const { id } = request.params;
      const registration = await registerForEvent(
        ctx,
        id,
        request.principal!,
        request.body.user_id,
        request.traceparent
      );
      return reply
        .code(201)
        .header('location', `/events/${id}/registrations/${registration.id}`)
        .send(registrationView(registration));
    }
  );

  app.get(
    '/events/:id/registrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'Registrations of an event: all for its organiser and admins, your own for anyone else; with Accept: text/csv ' +
          'all of them (the filter applied, no pages) with their check-in state, streamed',
        params: IdParams,
        querystring: ListRegistrationsQuery,
        response: {
          200: {
            description: 'a page of registrations, or with Accept: text/csv the whole list as CSV',
            content: {
              'application/json': { schema: PageOf(RegistrationView) },
              'text/csv': { schema: Type.String() }
            }
          }
        }
      }
    },
    async (request, reply) => {
      const visible = await registrationsVisibleTo(ctx, request.params.id, request.principal!);
      const filter = { ...visible, status: request.query.status };
      reply.header('vary', 'Accept');
      if (preferredType(request, ['application/json', 'text/csv']) === 'text/csv')
        return reply
          .type('text/csv; charset=utf-8; header=present')
          .header('content-disposition', `attachment; filename="event-${filter.eventId}-registrations.csv"`)
          .send(registrationsCsv((afterId, n) => exportBatch(ctx.db, filter, afterId, n)) as never);
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listRegistrations(ctx.db, filter, after?.[0] ?? null, n),
        (r) => [r.id],
        registrationView
      );
    }
  );

  app.get(
    '/registrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          "One person's registrations across events, each with its event, in the order of the events' start: your " +
          "own (the default); managers and admins may name anyone's user_id. from/to keep the events that overlap " +
          'that span, as GET /events does',
        querystring: ListUserRegistrationsQuery,
        response: { 200: PageOf(UserRegistrationView) }
      }
    },
    async (request) => {
      const { user_id, status, from, to } = request.query;
      const filter = {
        userId: userRegistrationsVisibleTo(request.principal!, user_id),
        status,
        from: instant(from, '/from'),
        to: instant(to, '/to')
      };
      return listPage(
        ctx.cursors,
        request,
        ['int', 'id'],
        (after, n) => listUserRegistrations(ctx.db, filter, startPosition(after), n),
        (r) => [r.event.start_date.getTime(), r.id],
        userRegistrationView
      );
    }
  );

  app.delete(
    '/events/:id/registrations/:registration_id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Cancel a registration (the registrant, the organiser, admin); the seat goes to the waitlist',
        params: RegistrationParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      const { id, registration_id } = request.params;
      await cancelRegistration(ctx, id, registration_id, request.principal!, request.traceparent);
      return reply.code(204).send(null);
    }
  );
}
