import { AppError, type Principal } from '@style-flow/platform';

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
