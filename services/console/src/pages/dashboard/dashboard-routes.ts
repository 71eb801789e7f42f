import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, wantsFragment } from '../../http/render.ts';
import { loadDashboard, part, recentEvents } from './dashboard-data.ts';
import { dashboardView } from './dashboard-views.ts';
import { recentPart } from './operations-views.ts';

/**
 * The staff entry page (SPEC §3.9 "a dashboard"): upcoming events with seats and waiting lists, revenue per
 * currency, pending payments to mark paid, failed messages and webhooks (admins), and the last minute's events.
 * Everything comes from the API as the signed-in person, so a manager sees exactly what the API lets a manager see.
 */
export const dashboardRoutes: PageRoutes = (app, ctx) => {
  app.get('/staff', async (request, reply) => {
    const me = requireRole(request, 'manager', 'admin');
    const { api } = request.page;
    // htmx's refresh of the live part asks only for that part: one call, not the whole dashboard.
    if (wantsFragment(request, 'recent-events')) {
      const recent = await part(() => recentEvents(api, new Date()));
      return sendFragment(reply, recentPart(request.page, recent));
    }
    return sendPage(ctx, request, reply, dashboardView(request.page, await loadDashboard(api, me)));
  });
};
