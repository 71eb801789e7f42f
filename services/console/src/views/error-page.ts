import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../console-context.ts';
import { sendPage } from '../http/render.ts';
import { html } from './html.ts';

export type ErrorKind = 400 | 403 | 404 | 500 | 503 | 'csrf';

/** The 403, 404, CSRF and 5xx pages: in the reader's language, in the layout, with a way back. */
export function errorPage(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: 400 | 403 | 404 | 500 | 503,
  kind: ErrorKind = status
) {
  const { t } = request.page;
  const [title, text] =
    kind === 'csrf'
      ? [t('error.csrf.title'), t('error.csrf.text')]
      : kind === 403
        ? [t('error.403.title'), t('error.403.text')]
        : kind === 404
          ? [t('error.404.title'), t('error.404.text')]
          : kind === 400
            ? [t('error.400.title'), t('error.400.text')]
            : kind === 503
              ? [t('error.500.title'), t('error.503.text')]
              : [t('error.500.title'), t('error.500.text')];
  return sendPage(
    ctx,
    request,
    reply,
    {
      title,
      body: html`<h1>${title}</h1>
        <p>${text}</p>
        <p><a href="/app/">${t('nav.events')}</a></p>`
    },
    status
  );
}
