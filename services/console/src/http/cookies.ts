/** The console's cookies: all under Path=/app, HttpOnly (no page script reads any of them) and SameSite=Lax. */
export const COOKIE = { session: 'sf_session', visit: 'sf_visit', lang: 'sf_lang' } as const;

export function readCookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (!jar.has(name)) jar.set(name, part.slice(eq + 1).trim());
  }
  return jar;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; absent: a browser-session cookie; 0: delete it. */
  maxAge?: number;
}

/** One Set-Cookie value. Values are base64url or a locale, so they need no encoding. */
export function setCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/app', 'HttpOnly', 'SameSite=Lax'];
  if (o.secure) parts.push('Secure');
  if (o.maxAge !== undefined) parts.push(`Max-Age=${o.maxAge}`);
  return parts.join('; ');
}
