// A browser as far as the console's tests need one: a cookie jar (Path=/app cookies, sent back as a browser would),
// redirects followed by hand so each answer can be looked at, form posts, and every answer kept for checks that
// must hold on all of them (headers, no token in any page).

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
}

export interface Browser {
  get(path: string, headers?: Record<string, string>): Promise<Page>;
  /** A form post as the browser sends it; follows a 303 to the page it names. */
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Page>;
  cookie(name: string): string | undefined;
  /** Every Set-Cookie the console sent, in order. */
  setCookies: string[];
  /** Every answer so far, redirects included. */
  seen: Page[];
}

/** The CSRF token of a page's forms. */
export function csrfOf(page: Page): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error(`no CSRF field on ${page.url} (status ${page.status})`);
  return token;
}

export function openBrowser(base: string, language = 'en'): Browser {
  const jar = new Map<string, string>();
  const setCookies: string[] = [];
  const seen: Page[] = [];

  async function send(method: string, path: string, body: string | undefined, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { 'accept-language': language, accept: 'text/html', ...extra };
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${base}${path}`, { method, headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      setCookies.push(line);
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const page = { status: response.status, url: path, headers: response.headers, body: await response.text() };
    seen.push(page);
    return page;
  }

  async function follow(page: Page): Promise<Page> {
    let current = page;
    for (let hops = 0; hops < 5 && [301, 302, 303].includes(current.status); hops++)
      current = await send('GET', current.headers.get('location')!, undefined);
    return current;
  }

  return {
    setCookies,
    seen,
    cookie: (name) => jar.get(name),
    get: async (path, headers) => follow(await send('GET', path, undefined, headers)),
    post: async (path, form, headers) => follow(await send('POST', path, new URLSearchParams(form).toString(), headers))
  };
}
