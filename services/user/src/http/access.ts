import {
  AppError,
  createTokenVerifier,
  requireAuth,
  type Principal,
  type Config,
  type Queryable
} from '@style-flow/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Verifies the token, then checks what this service knows: a session ended in auth (auth.user.logout) or a
 * deactivated user is refused, and the caller's rights are those of its current role here (a demotion takes
 * effect at once, not when the token expires).
 */
export function userServiceAuth(db: Queryable, config: Readonly<Config>) {
  const verified = requireAuth(createTokenVerifier({ secret: config.jwt.secret }));
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await verified(request, reply);
    const p = request.principal!;
    const { rows } = await db.query<{ role: Principal['role'] | null; status: string | null; revoked: boolean }>(
      `select u.role, u.status, exists (select 1 from revoked_sessions where session_id = $2) as revoked
       from (select 1) one left join users u on u.id = $1`,
      [p.userId, p.sessionId]
    );
    const row = rows[0]!;
    if (row.revoked || row.status === 'deactivated') {
      request.principal = null;
      throw new AppError('UNAUTHENTICATED', 'The session of this access token has ended.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' }
      });
    }
    if (row.role) request.principal = { ...p, role: row.role };
  };
}

const staff = (p: Principal): boolean => p.role === 'manager' || p.role === 'admin';

/** Read rights on a user (SPEC §2): self; manager and admin all. Others are told it does not exist. */
export function assertCanRead(p: Principal, userId: number): void {
  if (p.userId !== userId && !staff(p)) throw new AppError('NOT_FOUND', `No user ${userId}.`);
}

/** Change rights: self, or admin. A manager sees the user but may not change it. */
export function assertCanChange(p: Principal, userId: number): void {
  assertCanRead(p, userId);
  if (p.userId !== userId && p.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only the user or an admin may change this.');
}

export function assertStaff(p: Principal): void {
  if (!staff(p)) throw new AppError('FORBIDDEN', 'This needs the role manager or admin.');
}
