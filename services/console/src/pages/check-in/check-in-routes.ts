import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { hrefOf, idOf, must, queryOf, searchText } from '../admin/kit.ts';
import {
  counts,
  doorEventList,
  doorEventPicker,
  scanner,
  scannerPage,
  type CheckInList,
  type ScannerState
} from './check-in-views.ts';
import { scanTicket, statusOf, type Verdict } from './scan-verdict.ts';

const PAGE_SIZE = 20;
type Params = { id: string };

/** A list id from a query or a form, when it is one. */
const listIdOf = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1 ? n : undefined;
};

/**
 * Check-in at the door (SPEC §3.3, §3.9): a steward (the event's organiser, a manager, an admin — the API decides)
 * picks the event and its check-in list, then scans: a hardware scanner types the code and presses Enter in the
 * plain form, a phone's camera reads it through check-in.js, or the code is typed. Each scan shows the API's verdict;
 * the count of present of expected refreshes by itself.
 */
export const checkInRoutes: PageRoutes = (app, ctx) => {
  app.get('/check-in', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const query = queryOf(request);
    const q = searchText(query.q);
    const cursor = query.cursor || undefined;
    // From the start of yesterday (UTC): an event that began last night is still at its door. A boundary fixed for
    // the day keeps the API's cursors valid from page to page.
    const from = new Date();
    from.setUTCHours(0, 0, 0, 0);
    from.setUTCDate(from.getUTCDate() - 1);
    const data = must(
      await request.page.api.GET('/events', {
        params: {
          query: {
            limit: PAGE_SIZE,
            status: 'scheduled',
            from: from.toISOString(),
            ...(q ? { q } : {}),
            ...(cursor ? { cursor } : {})
          }
        }
      })
    );
    const list = doorEventList(request.page, q, data.data, data.next_cursor, cursor);
    if (wantsFragment(request, 'door-event-list')) return sendFragment(reply, list);
    return sendPage(ctx, request, reply, {
      title: request.page.t('checkIn.title'),
      body: doorEventPicker(request.page, q, list)
    });
  });

  app.get<{ Params: Params }>('/check-in/:id', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const state = await doorState(request, idOf(request.params.id), listIdOf(queryOf(request).list), null);
    return showScanner(ctx, request, reply, state);
  });

  // What htmx polls; a browser without it gets the page (whose count is fresh too).
  app.get<{ Params: Params }>('/check-in/:id/counts', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const listId = listIdOf(queryOf(request).list);
    if (!wantsFragment(request, 'check-in-counts'))
      return seeOther(reply, hrefOf(`/app/check-in/${id}`, { list: listId ? String(listId) : undefined }));
    return sendFragment(reply, counts(request.page, await doorState(request, id, listId, null)));
  });

  app.post<{ Params: Params }>('/check-in/:id/scan', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const listId = listIdOf(text(request.body, 'list_id'));
    const verdict = await scanTicket(request.page.api, id, {
      code: text(request.body, 'code'),
      listId,
      nonce: text(request.body, 'nonce') || randomUUID()
    });
    // The counts are read after the scan, so the one just made is in them.
    const state = await doorState(request, id, listId, verdict);
    // htmx swaps only 2xx answers: the verdict is drawn with a 200 and its status in a header. A plain form post gets
    // the page with the verdict at once (no redirect: the verdict is the answer, and a reload resends the same nonce,
    // which the API answers with the same verdict rather than a second scan).
    if (request.headers['hx-request'] === 'true')
      return sendFragment(reply.header('x-api-status', String(statusOf(verdict))), scanner(request.page, state));
    return showScanner(ctx, request, reply, state, statusOf(verdict));
  });
};

/** The event, its lists and the chosen one (else the default), and a fresh nonce for the next scan. */
async function doorState(
  request: FastifyRequest,
  id: number,
  listId: number | undefined,
  verdict: Verdict | null
): Promise<ScannerState> {
  const { api } = request.page;
  const [event, lists] = await Promise.all([
    api.GET('/events/{id}', { params: { path: { id } } }),
    api.GET('/events/{id}/check-in-lists', { params: { path: { id }, query: { limit: 200 } } })
  ]);
  const all: CheckInList[] = must(lists).data;
  const list = all.find((l) => l.id === listId) ?? all.find((l) => l.is_default) ?? all[0];
  return { event: must(event), lists: all, list, verdict, nonce: randomUUID() };
}

function showScanner(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: ScannerState,
  status = 200
) {
  const { t } = request.page;
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('checkIn.eventTitle', { title: state.event.title }),
      body: scannerPage(request.page, ctx.assets, state)
    },
    status
  );
}
