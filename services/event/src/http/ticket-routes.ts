import {
  AppError,
  bearerSecurity,
  documentFonts,
  IdParams,
  type DocumentFonts,
  type HttpServer
} from '@style-flow/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { findEvent } from '../data/event-repository.ts';
import type { EventContext } from '../event-context.ts';
import { reissueTicket } from '../domain/reissue-ticket.ts';
import { ticketOf, type Ticket } from '../domain/ticket-of.ts';
import { TicketKeyView, TicketView } from './check-in-schemas.ts';
import { ticketKeyView, ticketView } from './check-in-views.ts';
import { preferredType } from './representation.ts';
import { RegistrationParams } from './schemas.ts';
import { renderTicketCalendar } from './ticket-calendar.ts';
import { renderTicketPdf } from './ticket-pdf.ts';

const tags = ['tickets'];
const representations = ['application/json', 'application/pdf', 'text/calendar'] as const;

/** The ticket as the client asked for it: JSON, a PDF to print or show, or an iCalendar event. */
async function sendTicket(
  request: FastifyRequest,
  reply: FastifyReply,
  ticket: Ticket,
  fonts: DocumentFonts
): Promise<FastifyReply> {
  // The code lets its bearer in: no cache keeps it.
  reply.header('vary', 'Accept').header('cache-control', 'private, no-store');
  const type = preferredType(request, representations);
  const name = `ticket-${ticket.event.id}-${ticket.registrationId}`;
  if (type === 'application/pdf') {
    const pdf = await renderTicketPdf(ticket, fonts);
    // A buffer is sent as it is; the route's typing knows only the JSON schema.
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${name}.pdf"`)
      .send(pdf as never);
  }
  if (type === 'text/calendar')
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.ics"`)
      .send(renderTicketCalendar(ticket) as never);
  return reply.send(ticketView(ticket));
}

const ticketResponse = {
  description: 'the ticket: JSON, or with Accept: application/pdf a PDF, or with Accept: text/calendar an .ics',
  content: {
    'application/json': { schema: TicketView },
    'application/pdf': { schema: Type.String({ format: 'binary' }) },
    'text/calendar': { schema: Type.String() }
  }
};

export function registerTicketRoutes(app: HttpServer, ctx: EventContext): void {
  const fonts = documentFonts();

  app.get(
    '/events/:id/registrations/:registration_id/ticket',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: "A confirmed registration's ticket (the registrant; the organiser, managers, admins)",
        params: RegistrationParams,
        response: { 200: ticketResponse }
      }
    },
    async (request, reply) => {
      const { id, registration_id } = request.params;
      return sendTicket(request, reply, await ticketOf(ctx, id, registration_id, request.principal!), fonts);
    }
  );

  app.post(
    '/events/:id/registrations/:registration_id/ticket/reissue',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Issue the ticket again: its code changes, and the old one is refused at the door (revoked)',
        params: RegistrationParams,
        response: { 200: ticketResponse }
      }
    },
    async (request, reply) => {
      const { id, registration_id } = request.params;
      return sendTicket(request, reply, await reissueTicket(ctx, id, registration_id, request.principal!), fonts);
    }
  );

  app.get(
    '/events/:id/ticket-key',
    {
      schema: {
        tags,
        summary: "The public key that signs the event's ticket codes, for scanners that check them offline (public)",
        params: IdParams,
        response: { 200: TicketKeyView }
      }
    },
    async (request) => {
      const { id } = request.params;
      if (!(await findEvent(ctx.db, id))) throw new AppError('NOT_FOUND', `No event ${id}.`);
      return ticketKeyView(id, ctx.tickets.publicKey);
    }
  );
}
