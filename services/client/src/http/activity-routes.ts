import { AppError, bearerSecurity, listPage, PageOf, toInstant, type HttpServer } from '@style-flow/platform';
import { findActivity, listActivity } from '../data/activity-repository.ts';
import { findClient } from '../data/client-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { editActivity } from '../domain/edit-activity.ts';
import { logActivity } from '../domain/log-activity.ts';
import { staff } from './access.ts';
import { activityChanges, newActivity } from './input.ts';
import {
  ActivityParams,
  ActivityView,
  CreateActivityBody,
  IdParams,
  ListActivityQuery,
  UpdateActivityBody
} from './schemas.ts';
import { activityView } from './views.ts';

const tags = ['activity'];
const security = bearerSecurity;
const instant = (value: string | undefined, path: string) => (value === undefined ? undefined : toInstant(value, path));

export function registerActivityRoutes(app: HttpServer, ctx: ClientContext): void {
  const preHandler = ctx.auth.required;

  app.get(
    '/clients/:id/activity',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: "A client's timeline, newest first: manual entries and those written from other services' events",
        params: IdParams,
        querystring: ListActivityQuery,
        response: { 200: PageOf(ActivityView) }
      }
    },
    async (request) => {
      staff(request);
      const { id } = request.params;
      if (!(await findClient(ctx.db, id))) throw new AppError('NOT_FOUND', `No client ${id}.`);
      const { type, source, from, to } = request.query;
      const filter = { type, source, from: instant(from, '/from'), to: instant(to, '/to') };
      return listPage(
        ctx.cursors,
        request,
        ['int', 'id'],
        (after, n) => listActivity(ctx.db, id, filter, after, n),
        (a) => [a.occurred_at.getTime(), a.id],
        activityView
      );
    }
  );

  app.get(
    '/clients/:id/activity/:activity_id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: "One entry of a client's timeline",
        params: ActivityParams,
        response: { 200: ActivityView }
      }
    },
    async (request) => {
      staff(request);
      const { id, activity_id } = request.params;
      const entry = await findActivity(ctx.db, id, activity_id);
      if (!entry) throw new AppError('NOT_FOUND', `Client ${id} has no timeline entry ${activity_id}.`);
      return activityView(entry);
    }
  );

  app.post(
    '/clients/:id/activity',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Log a call, meeting, email, note or task on a live client (occurred_at: now when left out)',
        params: IdParams,
        body: CreateActivityBody,
        response: { 201: ActivityView }
      }
    },
    async (request, reply) => {
      const author = staff(request);
      const { id } = request.params;
      const entry = await logActivity(ctx, id, newActivity(request.body), author.userId, request.traceparent);
      return reply.code(201).header('location', `/clients/${id}/activity/${entry.id}`).send(activityView(entry));
    }
  );

  app.put(
    '/clients/:id/activity/:activity_id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Edit a manual entry; system entries cannot be edited (422)',
        params: ActivityParams,
        body: UpdateActivityBody,
        response: { 200: ActivityView }
      }
    },
    async (request) => {
      staff(request);
      const { id, activity_id } = request.params;
      return activityView(await editActivity(ctx, id, activity_id, activityChanges(request.body)));
    }
  );
}
