import {
  AppError,
  assertJsonSize,
  bearerSecurity as security,
  containsPattern,
  listPage,
  PageOf,
  requireRole,
  type HttpServer
} from '@style-flow/platform';
import { Type } from 'typebox';
import { findUser, listUsers } from '../data/user-repository.ts';
import { changeUser } from '../domain/change-user.ts';
import { createUser } from '../domain/create-user.ts';
import type { UserContext } from '../user-context.ts';
import { assertCanChange, assertCanRead, assertMayChangeFields } from './access.ts';
import { CreateUserBody, IdParams, ListUsersQuery, UpdateUserBody, UserView } from './schemas.ts';
import { userView } from './views.ts';

const tags = ['users'];
const noUser = (id: number) => new AppError('NOT_FOUND', `No user ${id}.`);

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
      requireRole(request, 'manager', 'admin');
      const { role, status, q } = request.query;
      const filter = { role, status, like: q === undefined ? undefined : containsPattern(q) };
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listUsers(ctx.db, filter, after, n),
        (u) => [u.id],
        userView
      );
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
      if (!user) throw noUser(request.params.id);
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
      const admin = requireRole(request, 'admin');
      const caller = {
        userId: admin.userId,
        authorization: request.headers.authorization!,
        requestId: request.id,
        traceparent: request.traceparent
      };
      const user = await createUser(ctx, caller, request.body);
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
      const { id } = request.params;
      assertCanChange(p, id);
      assertMayChangeFields(p, request.body);
      if (request.body.settings !== undefined) assertJsonSize(request.body.settings, '/settings');
      const actor = { userId: p.userId, via: 'api' as const };
      const user = await ctx.db.transaction((tx) => changeUser(ctx, tx, id, request.body, actor, request.traceparent));
      if (!user) throw noUser(id);
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
      const { id } = request.params;
      assertCanRead(request.principal!, id);
      const admin = requireRole(request, 'admin');
      const actor = { userId: admin.userId, via: 'api' as const };
      const change = { status: 'deactivated' as const };
      const user = await ctx.db.transaction((tx) => changeUser(ctx, tx, id, change, actor, request.traceparent));
      if (!user) throw noUser(id);
      return reply.code(204).send(null);
    }
  );
}
