import { errorCodes, type ErrorCode } from '@style-flow/contracts';

export interface FieldError {
  /** JSON Pointer into the request, e.g. `/capacity`. */
  path: string;
  message: string;
}

/** The one error type of the system: a code from the table, a detail for the client, optional extras. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly extras: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: {
      errors?: FieldError[];
      extras?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {}
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.title = errorCodes[code].title;
    this.errors = options.errors;
    this.extras = options.extras;
    this.headers = options.headers;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
