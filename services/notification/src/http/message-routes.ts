import { bearerSecurity, listPage, PageOf, requireRole, type HttpServer } from '@style-flow/platform';
import { listMessages } from '../data/message-repository.ts';
import { resendMessage } from '../domain/resend-message.ts';
import type { NotificationContext } from '../notification-context.ts';
import { IdParams, ListMessagesQuery, MailboxQuery, MailboxView, MessageView } from './schemas.ts';
import { mailboxView, messageView } from './views.ts';

const tags = ['notifications'];
const security = bearerSecurity;

/** The mail log and the development mailbox: admins only (SPEC §2). */
export function registerMessageRoutes(app: HttpServer, ctx: NotificationContext): void {
  const preHandler = ctx.auth.required;

  app.get(
    '/notifications/messages',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Messages, newest first, with their state and the SMTP answer (admin)',
        querystring: ListMessagesQuery,
        response: { 200: PageOf(MessageView) }
      }
    },
    async (request) => {
      requireRole(request, 'admin');
      const { status, to, type } = request.query;
      return listPage(
        ctx.cursors,
        request,
        ['int'],
        (after, n) => listMessages(ctx.db, { status, to, type }, after?.[0] ?? null, n),
        (m) => [Number(m.id)],
        messageView
      );
    }
  );

  app.post(
    '/notifications/messages/:id/resend',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Send a sent or failed message again, drawn anew (admin)',
        params: IdParams,
        response: { 202: MessageView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      return reply.code(202).send(messageView(await resendMessage(ctx, request.params.id)));
    }
  );

  app.get(
    '/notifications/mailbox',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'The development mailbox: what was sent while SMTP_URL was unset, as drawn (admin)',
        querystring: MailboxQuery,
        response: { 200: PageOf(MailboxView) }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      // A mailed reset link carries its token: no cache keeps it.
      reply.header('cache-control', 'no-store');
      return listPage(
        ctx.cursors,
        request,
        ['int'],
        (after, n) => listMessages(ctx.db, { to: request.query.to, mailbox: true }, after?.[0] ?? null, n),
        (m) => [Number(m.id)],
        mailboxView
      );
    }
  );
}
