import type { ServiceName } from '@style-flow/platform';

export type Upstream = Exclude<ServiceName, 'gateway'>;

export interface Route {
  service: Upstream;
  /** The path and query string to send upstream. */
  path: string;
}

// SPEC §3.7: the first segment of the path chooses the service.
const byFirstSegment: Record<string, Upstream> = {
  auth: 'auth',
  users: 'user',
  events: 'event',
  categories: 'event',
  resources: 'resource',
  'resource-types': 'resource',
  allocations: 'resource',
  clients: 'client',
  payments: 'payment',
  'payment-methods': 'payment',
  transactions: 'payment'
};

const services: readonly Upstream[] = ['auth', 'user', 'event', 'resource', 'client', 'payment'];

/** Where a request goes: by resource (`/users/1`), or straight to a service (`/user-service/health`). */
export function resolveRoute(url: string): Route | null {
  const [path = '', query] = splitQuery(url);
  const first = path.split('/')[1] ?? '';
  const direct = /^([a-z]+)-service$/.exec(first);
  if (direct && services.includes(direct[1] as Upstream)) {
    const rest = path.slice(first.length + 1) || '/';
    return { service: direct[1] as Upstream, path: rest + (query === undefined ? '' : `?${query}`) };
  }
  const service = byFirstSegment[first];
  return service ? { service, path: url } : null;
}

function splitQuery(url: string): [string, string | undefined] {
  const i = url.indexOf('?');
  return i < 0 ? [url, undefined] : [url.slice(0, i), url.slice(i + 1)];
}

const publicPosts = new Set(['/auth/register', '/auth/login', '/auth/refresh', '/auth/reset-password']);
const publicReads = /^\/(events|categories)(\/|$)/;
const platformPaths = /^\/(health|ready|metrics|openapi\.json)$/;

/** SPEC §3.7: what needs no token: sign-up and sign-in, health and docs, and reading events and categories. */
export function isPublic(method: string, route: Route): boolean {
  const path = splitQuery(route.path)[0];
  if (platformPaths.test(path)) return method === 'GET';
  if (method === 'POST' && publicPosts.has(path)) return true;
  return (method === 'GET' || method === 'HEAD') && publicReads.test(path) && !/\/registrations(\/|$)/.test(path);
}

/** Login, register and reset-password get the stricter rate limit. */
export function isCredentialRoute(route: Route): boolean {
  return publicPosts.has(splitQuery(route.path)[0]) && route.service === 'auth';
}

/** Public GETs the gateway may cache, by the group whose events invalidate them. */
export function cacheGroup(method: string, route: Route): 'events' | 'categories' | 'resource-types' | null {
  if (method !== 'GET') return null;
  const path = splitQuery(route.path)[0];
  if (/\/registrations(\/|$)/.test(path)) return null;
  const first = path.split('/')[1];
  return first === 'events' || first === 'categories' || first === 'resource-types' ? first : null;
}

/** The cache group a write through the gateway changes. */
export function writtenGroup(route: Route): 'events' | 'categories' | 'resource-types' | null {
  return cacheGroup('GET', route);
}
