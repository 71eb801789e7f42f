import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorCodes, type ErrorCode } from '@style-flow/contracts';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem.ts';

// Errors node's HTTP parser raises before there is a request (SPEC §1: answered as problem+json too).
const byParserCode: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_URI_TOO_LONG: 'URI_TOO_LONG',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT'
};

/** Fastify's clientErrorHandler: a problem+json answer on the raw socket, then the connection closes. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const code = byParserCode[error.code ?? ''] ?? 'BAD_REQUEST';
  const { status, title } = errorCodes[code];
  const detail =
    code === 'HEADERS_TOO_LARGE'
      ? 'The request line or headers are too large.'
      : code === 'BAD_REQUEST'
        ? 'The request could not be parsed as HTTP.'
        : title;
  const body = JSON.stringify({ type: problemType(code), title, status, detail, code });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
