import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorCodes, type ErrorCode } from '@style-flow/contracts';
import { AppError, type FieldError } from '../errors/app-error.ts';
import { fromPgError } from '../db/pg-errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  request_id?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemType(code: ErrorCode): string {
  return `urn:style-flow:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const locations: Record<string, string> = { body: '', querystring: 'query', params: 'path', headers: 'header' };

/** Turns validator output into `errors: [{path, message}]` with JSON Pointers into the request. */
export function fieldErrors(validation: readonly AjvError[], context: string | undefined): FieldError[] {
  return validation.map((v) => {
    let path = v.instancePath;
    let message = v.message ?? 'is invalid';
    if (v.keyword === 'required') path += `/${String(v.params.missingProperty)}`;
    if (v.keyword === 'additionalProperties') {
      path += `/${String(v.params.additionalProperty)}`;
      message = 'is not an accepted field';
    }
    const location = locations[context ?? 'body'];
    return location ? { path: path || '/', message, in: location } : { path: path || '/', message };
  });
}

const byStatus: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  414: 'URI_TOO_LONG',
  431: 'HEADERS_TOO_LARGE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_UNAVAILABLE'
};

/** Maps any error to a problem: AppError as it says, framework 4xx as they are, everything else a bare 500. */
export function toProblem(
  error: unknown,
  request: FastifyRequest
): { problem: Problem; headers: Record<string, string>; internal: boolean } {
  const base = { instance: request.url.split('?')[0], request_id: request.id };
  // A database refusal that no service mapped is still the client's input, never a 500 (SPEC §1).
  if (!(error instanceof AppError)) error = fromPgError(error) ?? error;
  if (error instanceof AppError) {
    return {
      problem: {
        type: problemType(error.code),
        title: error.title,
        status: error.status,
        detail: error.message,
        code: error.code,
        ...base,
        ...error.extras,
        ...(error.errors ? { errors: error.errors } : {})
      },
      headers: error.headers ?? {},
      internal: false
    };
  }
  const fe = error as Partial<FastifyError> & { validation?: AjvError[]; validationContext?: string };
  if (Array.isArray(fe.validation)) {
    const errors = fieldErrors(fe.validation, fe.validationContext);
    const code: ErrorCode = 'VALIDATION_FAILED';
    const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    return {
      problem: { type: problemType(code), title: errorCodes[code].title, status: 400, detail, code, ...base, errors },
      headers: {},
      internal: false
    };
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  const code = status >= 400 && status < 500 ? (byStatus[status] ?? 'BAD_REQUEST') : undefined;
  if (code) {
    return {
      problem: {
        type: problemType(code),
        title: errorCodes[code].title,
        status,
        detail: fe.message ?? errorCodes[code].title,
        code,
        ...base
      },
      headers: {},
      internal: false
    };
  }
  const internal: ErrorCode = status === 503 ? 'DEPENDENCY_UNAVAILABLE' : 'INTERNAL';
  // Details of a 5xx stay in the log (DESIGN rule 5).
  return {
    problem: {
      type: problemType(internal),
      title: errorCodes[internal].title,
      status: errorCodes[internal].status,
      detail: 'The server could not complete the request; it has been logged.',
      code: internal,
      ...base
    },
    headers: {},
    internal: true
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
