import { AppError, bearerSecurity as security, listPage, PageOf, type HttpServer } from '@style-flow/platform';
import { listActivity } from '../data/activity-repository.ts';
import { userExists } from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';
import { assertCanRead } from './access.ts';
import { ActivityView, IdParams, PageOnlyQuery } from './schemas.ts';
import { activityView } from './views.ts';

/** The history of a user (SPEC §3.2): its own changes and what other services announced about it. */
export function registerActivityRoutes(app: HttpServer, ctx: UserContext): void {
  app.get(
    '/users/:id/activity',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['activity'],
        security,
        summary: "The user's history, newest first",
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: PageOf(ActivityView) }
      }
    },
    async (request) => {
      const userId = request.params.id;
      assertCanRead(request.principal!, userId);
      if (!(await userExists(ctx.db, userId))) throw new AppError('NOT_FOUND', `No user ${userId}.`);
      return listPage(
        ctx.cursors,
        request,
        ['int', 'id'],
        (after, n) => listActivity(ctx.db, userId, after, n),
        (a) => [a.occurred_us, a.id],
        activityView
      );
    }
  );
}
