/** A service behind the gateway, by its name in the registry (`user`). */
export type Upstream = string;

export interface Route {
  service: Upstream;
  /** The path and query string to send upstream. */
  path: string;
}

/** An upstream as the registry describes it: its name and the first path segments it serves. */
export interface UpstreamRoutes {
  name: string;
  routes: readonly string[];
  /** Needs no token at the edge: it checks its callers' sessions itself (the registry's `public`). */
  public?: boolean;
}

export type RouteResolver = (url: string) => Route | null;

/**
 * SPEC §3.7: the first segment of the path chooses the service (`/users/1`), or names it (`/user-service/health`).
 * The table comes from the service registry, so a new service is routed by its entry alone.
 */
export function createRouteResolver(upstreams: readonly UpstreamRoutes[]): RouteResolver {
  const byFirstSegment = new Map(upstreams.flatMap((u) => u.routes.map((segment) => [segment, u.name] as const)));
  const names = new Set(upstreams.map((u) => u.name));
  return (url) => {
    const [path = '', query] = splitQuery(url);
    const first = path.split('/')[1] ?? '';
    const direct = /^([a-z]+)-service$/.exec(first);
    if (direct && names.has(direct[1]!)) {
      const rest = path.slice(first.length + 1) || '/';
      return { service: direct[1]!, path: rest + (query === undefined ? '' : `?${query}`) };
    }
    const service = byFirstSegment.get(first);
    return service ? { service, path: url } : null;
  };
}

/** The path of a route, without its query string. */
export function pathOf(route: Route): string {
  return splitQuery(route.path)[0];
}

function splitQuery(url: string): [string, string | undefined] {
  const i = url.indexOf('?');
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}

const publicPosts = new Set(['/auth/register', '/auth/login', '/auth/refresh', '/auth/reset-password']);
const publicReads = /^\/(events|categories)(\/|$)/;
const publicPlatformPaths = /^\/(health|ready|openapi\.json)$/;

/**
 * SPEC §3.7: what needs no token: sign-up and sign-in, health and docs, and reading events and categories; and
 * anything of a service the registry marks public (the console, SPEC §3.9: a browser brings it a session cookie, not
 * a token, and it checks that itself).
 */
export function isPublic(method: string, route: Route, publicServices: ReadonlySet<Upstream>): boolean {
  const path = pathOf(route);
  if (publicServices.has(route.service)) return true;
  if (publicPlatformPaths.test(path)) return method === 'GET' || method === 'HEAD';
  if (method === 'POST' && publicPosts.has(path)) return true;
  return (method === 'GET' || method === 'HEAD') && publicReads.test(path) && !/\/registrations(\/|$)/.test(path);
}

/**
 * A service's /metrics (SPEC §3.7, operational endpoints are not public): the service answers staff only, and
 * the edge already refuses anyone else. Prometheus scrapes the METRICS_PORT listener, not the public port.
 */
export function isOperational(route: Route): boolean {
  return pathOf(route).replace(/\/$/, '') === '/metrics';
}

/** Login, register and reset-password get the stricter rate limit. */
export function isCredentialRoute(route: Route): boolean {
  return publicPosts.has(pathOf(route)) && route.service === 'auth';
}

/** Public GETs the gateway may cache, by the group whose events invalidate them. */
export function cacheGroup(method: string, route: Route): 'events' | 'categories' | 'resource-types' | null {
  if (method !== 'GET') return null;
  const path = pathOf(route);
  if (/\/registrations(\/|$)/.test(path)) return null;
  const first = path.split('/')[1];
  return first === 'events' || first === 'categories' || first === 'resource-types' ? first : null;
}

/** The cache group a write through the gateway changes. */
export function writtenGroup(route: Route): 'events' | 'categories' | 'resource-types' | null {
  return cacheGroup('GET', route);
}
