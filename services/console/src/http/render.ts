import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../console-context.ts';
import type { Html } from '../views/html.ts';
import { layout, type PageView } from '../views/layout.ts';

/** A whole page in the layout. */
export function sendPage(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  view: PageView,
  status = 200
) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(layout(request.page, ctx.assets, view).text);
}

/** Part of a page, for htmx to swap in. */
export function sendFragment(reply: FastifyReply, fragment: Html, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').send(fragment.text);
}

/** Whether htmx asked for the part of the page with this id (else the whole page is drawn). */
export const wantsFragment = (request: FastifyRequest, target: string): boolean =>
  request.headers['hx-request'] === 'true' && request.headers['hx-target'] === target;

/** After a successful form post: the page to show next (POST/redirect/GET), with a message key it may show. */
export function seeOther(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', location).send();
}
