import { AppError, isStaff, type Principal } from '@style-flow/platform';

// The object-level rules of users (SPEC §2); the platform has already applied the caller's current role.

/** Read rights on a user: self; manager and admin all. Others are told it does not exist. */
export function assertCanRead(p: Principal, userId: number): void {
  if (p.userId !== userId && !isStaff(p)) throw new AppError('NOT_FOUND', `No user ${userId}.`);
}

/** Change rights: self, or admin. A manager sees the user but may not change it. */
export function assertCanChange(p: Principal, userId: number): void {
  assertCanRead(p, userId);
  if (p.userId !== userId && p.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only the user or an admin may change this.');
  }
}

/** Role and status are the admin's to change, a user's own included. */
export function assertMayChangeFields(p: Principal, fields: { role?: unknown; status?: unknown }): void {
  if ((fields.role !== undefined || fields.status !== undefined) && p.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only an admin may change role or status.');
  }
}
