import { UserCreated } from '@style-flow/contracts';
import { AppError, decodeCursor, eventOf, PageOf, requireRole, toPage, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { recordActivity } from '../data/activity-repository.ts';
import { findUser, insertUserIfAbsent, listUsers, snapshotOf, type User } from '../data/user-repository.ts';
import { createAccountInAuth } from '../domain/auth-client.ts';
import { changeUser } from '../domain/change-user.ts';
import type { UserContext } from '../user-context.ts';
import { assertCanChange, assertCanRead, assertStaff } from './access.ts';
import { CreateUserBody, IdParams, ListUsersQuery, UpdateUserBody, UserView } from './schemas.ts';

export function userView(u: User) {
  return { ...u, created_at: u.created_at.toISOString(), updated_at: u.updated_at.toISOString() };
}

const tags = ['users'];
const security = [{ bearer: [] }];

export function registerUserRoutes(app: HttpServer, ctx: UserContext): void {
  app.get(
    '/users',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'List users (manager, admin)',
        querystring: ListUsersQuery,
        response: { 200: PageOf(UserView) }
      }
    },
    async (request) => {
      assertStaff(request.principal!);
      const { limit = 50, cursor, role, status, q } = request.query;
      const after = decodeCursor(cursor, ['id']);
      const rows = await listUsers(ctx.db, {
        role,
        status,
        q,
        afterId: (after?.[0] as number | undefined) ?? 0,
        limit: limit + 1
      });
      const page = toPage(rows, limit, (u) => [u.id]);
      return { data: page.data.map(userView), next_cursor: page.next_cursor };
    }
  );

  app.get(
    '/users/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'One user (self, manager, admin)',
        params: IdParams,
        response: { 200: UserView }
      }
    },
    async (request) => {
      assertCanRead(request.principal!, request.params.id);
      const user = await findUser(ctx.db, request.params.id);
      if (!user) throw new AppError('NOT_FOUND', `No user ${request.params.id}.`);
      return userView(user);
    }
  );

  app.post(
    '/users',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Create an account (admin); the user sets a password through the reset flow',
        body: CreateUserBody,
        response: { 201: UserView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const account = await createAccountInAuth(ctx.settings.authUrls, {
        authorization: request.headers.authorization!,
        requestId: request.id,
        traceparent: request.traceparent,
        body: request.body
      });
      // The profile is written now so that the answer and an immediate GET show it; the
      // auth.user.registered event that follows finds it in place and changes nothing.
      const user = await ctx.db.transaction(async (tx) => {
        const created = await insertUserIfAbsent(tx, { ...account, status: 'active' });
        if (created) {
          await recordActivity(tx, {
            userId: account.id,
            type: 'registered',
            details: { by: request.principal!.userId }
          });
          await ctx.emit(tx, [eventOf(UserCreated, created.id, snapshotOf(created), request.traceparent)]);
        }
        return created ?? (await findUser(tx, account.id))!;
      });
      return reply.code(201).header('location', `/users/${user.id}`).send(userView(user));
    }
  );

  app.put(
    '/users/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Change a profile (self: own fields; admin: also role and status)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView }
      }
    },
    async (request) => {
      const p = request.principal!;
      assertCanChange(p, request.params.id);
      if ((request.body.role !== undefined || request.body.status !== undefined) && p.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only an admin may change role or status.');
      }
      const user = await ctx.db.transaction((tx) =>
        changeUser(ctx, tx, request.params.id, request.body, { userId: p.userId, via: 'api' }, request.traceparent)
      );
      if (!user) throw new AppError('NOT_FOUND', `No user ${request.params.id}.`);
      return userView(user);
    }
  );

  app.delete(
    '/users/:id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Deactivate a user (admin); the data is kept',
        params: IdParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      assertCanRead(request.principal!, request.params.id);
      requireRole(request, 'admin');
      const actor = { userId: request.principal!.userId, via: 'api' as const };
      const user = await ctx.db.transaction((tx) =>
        changeUser(ctx, tx, request.params.id, { status: 'deactivated' }, actor, request.traceparent)
      );
      if (!user) throw new AppError('NOT_FOUND', `No user ${request.params.id}.`);
      return reply.code(204).send(null);
    }
  );
}
