import type { FastifyReply } from 'fastify';

/**
 * Every page's protections: no script but the console's own files (no inline script, no eval), no styles but its
 * stylesheet, images from itself or data: (the ticket's QR is a data: PNG), forms only to itself, never in a frame,
 * no <base> to move its links, and no Referer leaving it (the reset page's URL holds a token).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'none'"
].join('; ');

export function secureHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cross-origin-opener-policy', 'same-origin');
}
