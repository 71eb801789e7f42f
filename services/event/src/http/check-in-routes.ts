import {
  AppError,
  bearerSecurity,
  IdParams,
  listPage,
  PageOf,
  toInstant,
  toProblem,
  type HttpServer
} from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import { findList, listLists } from '../data/check-in-list-repository.ts';
import { listCheckIns } from '../data/check-in-repository.ts';
import type { EventContext } from '../event-context.ts';
import { addCheckInList } from '../domain/add-check-in-list.ts';
import { attendeeName } from '../domain/attendee-name.ts';
import { checkInTicket, type ScanAnswer, type ScanOutcome } from '../domain/check-in-ticket.ts';
import { staffEvent } from '../domain/staff-event.ts';
import {
  CheckInBody,
  CheckInListParams,
  CheckInListView,
  CheckInView,
  CreateCheckInListBody,
  ListCheckInListsQuery,
  ListCheckInsQuery,
  ScanView
} from './check-in-schemas.ts';
import { checkInListView, checkInView, firstCheckInView, listedCheckInView } from './check-in-views.ts';

const tags = ['check-in'];

/** The HTTP answer of a scan's outcome, as it is sent now and to every retry of the scan. */
function answerOf(request: FastifyRequest, eventId: number, outcome: ScanOutcome): ScanAnswer {
  const problem = (error: AppError): ScanAnswer => ({
    status: error.status,
    body: toProblem(error, request).problem,
    location: null
  });
  if (outcome.kind === 'refused')
    return problem(
      new AppError('TICKET_INVALID', `The ticket is refused: ${outcome.reason.replace('_', ' ')}.`, {
        extras: { reason: outcome.reason }
      })
    );
  const attendee = attendeeName(outcome.holder, outcome.holder.user_id);
  if (outcome.kind === 'already_checked_in') {
    const first = firstCheckInView(outcome.first);
    return problem(
      new AppError(
        'ALREADY_CHECKED_IN',
        `${attendee}'s ticket was used on «${first.list_name}» at ${first.scanned_at}.`,
        { extras: { registration_id: outcome.holder.id, attendee_name: attendee, first_check_in: first } }
      )
    );
  }
  const { checkIn, first } = outcome;
  return {
    status: 201,
    body: {
      ...checkInView(checkIn, { listName: outcome.listName, userId: outcome.holder.user_id, attendee }),
      first_check_in: first ? firstCheckInView(first) : null
    },
    location: `/events/${eventId}/check-ins?registration_id=${checkIn.registration_id}`
  };
}

export function registerCheckInRoutes(app: HttpServer, ctx: EventContext): void {
  app.get(
    '/events/:id/check-in-lists',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The event's check-in lists, the default first (the organiser, managers, admins)",
        params: IdParams,
        querystring: ListCheckInListsQuery,
        response: { 200: PageOf(CheckInListView) }
      }
    },
    async (request) => {
      const { id } = request.params;
      await staffEvent(ctx, id, request.principal!);
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listLists(ctx.db, id, after?.[0] ?? null, n),
        (l) => [l.id],
        checkInListView
      );
    }
  );

  app.get(
    '/events/:id/check-in-lists/:list_id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'One check-in list with its count (the organiser, managers, admins)',
        params: CheckInListParams,
        response: { 200: CheckInListView }
      }
    },
    async (request) => {
      const { id, list_id } = request.params;
      await staffEvent(ctx, id, request.principal!);
      const list = await findList(ctx.db, id, list_id);
      if (!list) throw new AppError('NOT_FOUND', `Event ${id} has no check-in list ${list_id}.`);
      return checkInListView(list);
    }
  );

  app.post(
    '/events/:id/check-in-lists',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Add a check-in list: a ticket checks in once on each (the organiser, managers, admins)',
        params: IdParams,
        body: CreateCheckInListBody,
        response: { 201: CheckInListView }
      }
    },
    async (request, reply) => {
      const { id } = request.params;
      const list = await addCheckInList(ctx, id, request.body.name, request.principal!);
      return reply.code(201).header('location', `/events/${id}/check-in-lists/${list.id}`).send(checkInListView(list));
    }
  );

  app.post(
    '/events/:id/check-ins',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'Check a ticket in (the organiser, managers, admins): 201 once per ticket and list, then 409 ALREADY_CHECKED_IN; ' +
          '422 TICKET_INVALID with a reason; the same nonce again answers the first answer',
        params: IdParams,
        body: CheckInBody,
        response: { 201: ScanView }
      }
    },
    async (request, reply) => {
      const { id } = request.params;
      const { code, list_id, nonce, scanned_at, force } = request.body;
      const scan = {
        code,
        listId: list_id,
        nonce,
        scannedAt: scanned_at === undefined ? undefined : toInstant(scanned_at, '/scanned_at'),
        force: force ?? false
      };
      const { answer, replayed } = await checkInTicket(
        ctx,
        id,
        scan,
        request.principal!,
        (outcome) => answerOf(request, id, outcome),
        request.traceparent
      );
      if (answer.location) reply.header('location', answer.location);
      if (replayed) reply.header('idempotent-replayed', 'true');
      if (answer.status >= 400) reply.type('application/problem+json');
      // The kept answer: 201, or the refusal's 409 or 422, which the route's typing (its 201 schema) does not know.
      return reply.code(answer.status as 201).send(answer.body as never);
    }
  );

  app.get(
    '/events/:id/check-ins',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The event's check-ins in the order recorded (the organiser, managers, admins)",
        params: IdParams,
        querystring: ListCheckInsQuery,
        response: { 200: PageOf(CheckInView) }
      }
    },
    async (request) => {
      const { id } = request.params;
      await staffEvent(ctx, id, request.principal!);
      const filter = { eventId: id, listId: request.query.list_id, registrationId: request.query.registration_id };
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listCheckIns(ctx.db, filter, after?.[0] ?? null, n),
        (c) => [c.id],
        listedCheckInView
      );
    }
  );
}
