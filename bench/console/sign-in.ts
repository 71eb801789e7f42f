// Signing in to the console as a browser does: the sign-in page (its visitor cookie and the CSRF token of its form),
// then the form post; the session cookie that comes back is what the measured page requests carry.

/** The cookies a response sets, merged into a jar. */
function keep(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (/Max-Age=0/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** The `cookie` header of a signed-in console session at `base` (the gateway: the console is at /app). */
export async function signInToConsole(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const form = await fetch(`${base}/app/sign-in`, { headers: { accept: 'text/html', 'accept-language': 'en' } });
  keep(jar, form);
  const body = await form.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
  if (form.status !== 200 || !csrf) throw new Error(`the sign-in page: ${form.status}, no CSRF field`);
  const posted = await fetch(`${base}/app/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      'accept-language': 'en',
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(jar)
    },
    body: new URLSearchParams({ _csrf: csrf, email, password, back: '/app/' }).toString()
  });
  keep(jar, posted);
  await posted.body?.cancel();
  if (posted.status !== 303) throw new Error(`signing in to the console: ${posted.status}, not a 303`);
  const signedIn = await fetch(`${base}/app/`, { headers: { accept: 'text/html', cookie: cookieHeader(jar) } });
  const page = await signedIn.text();
  if (signedIn.status !== 200 || !page.includes('sign-out')) throw new Error('the console session did not hold');
  return cookieHeader(jar);
}
