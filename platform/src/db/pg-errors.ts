import type { ErrorCode } from '@style-flow/contracts';
import { AppError } from '../errors/app-error.ts';
import { pgErrorCode, PgErrorCodes } from './database.ts';

/** The constraint a PostgreSQL error names (`users_email_key`), when it names one. */
export function pgConstraint(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'constraint' in error && typeof error.constraint === 'string') {
    return error.constraint;
  }
  return undefined;
}

export interface ConstraintError {
  code: ErrorCode;
  detail: string;
  path?: string;
}

/**
 * The one mapping of PostgreSQL errors to the error table (DESIGN rule 5). `byConstraint` names what a
 * service's own constraints mean (`users_email_key` → EMAIL_TAKEN); what it does not name falls back to the
 * class of the error: a unique or exclusion violation is a 409, a missing reference a 422, a value the
 * column cannot hold (class 22) a 400. Anything else is not the client's doing and stays a 500.
 */
export function fromPgError(
  error: unknown,
  byConstraint: Readonly<Record<string, ConstraintError>> = {}
): AppError | null {
  const code = pgErrorCode(error);
  if (code === undefined || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const named = byConstraint[pgConstraint(error) ?? ''];
  if (named) {
    const errors = named.path ? [{ path: named.path, message: named.detail }] : undefined;
    return new AppError(named.code, named.detail, { cause: error, ...(errors ? { errors } : {}) });
  }
  switch (code) {
    case PgErrorCodes.uniqueViolation:
    case PgErrorCodes.exclusionViolation:
      return new AppError('CONFLICT', 'This conflicts with something that already exists.', { cause: error });
    case PgErrorCodes.foreignKeyViolation:
      return new AppError('UNPROCESSABLE', 'This refers to something that does not exist.', { cause: error });
    case PgErrorCodes.checkViolation:
      return new AppError('UNPROCESSABLE', 'The business rules refuse this change.', { cause: error });
  }
  if (code.startsWith('22')) {
    return new AppError('VALIDATION_FAILED', 'A value is out of range or cannot be stored.', { cause: error });
  }
  return null;
}

/** Runs fn and turns a PostgreSQL error it throws into the AppError of the table, else rethrows. */
export async function mappingPgErrors<T>(
  fn: () => Promise<T>,
  byConstraint: Readonly<Record<string, ConstraintError>> = {}
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fromPgError(error, byConstraint) ?? error;
  }
}
