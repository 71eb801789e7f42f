import { pathOf, type Route, type UpstreamRoutes } from './route-table.ts';

/** The metrics label of a proxied request: a template from a set fixed by the registry (SPEC §3.7). */
export type RouteLabeler = (route: Route | null) => string;

// Paths every service answers itself (the platform's), reachable as /{service}-service/health and so on.
const platformSegments = ['health', 'ready', 'metrics', 'openapi.json'];
const NUMERIC = /^\d+$/;

/**
 * Labels come from what the registry knows, never from what a client typed: the first segment when the service
 * serves it, then `:id` for a numeric second segment, and `*` for anything else or further. So a service adds
 * at most four labels per first segment, however many made-up paths arrive; each service's own metrics label
 * its routes exactly (`/events/:id/registrations`), and the request log keeps the detail (`logRoute`).
 */
export function createRouteLabeler(upstreams: readonly UpstreamRoutes[]): RouteLabeler {
  const served = new Map(upstreams.map((u) => [u.name, new Set([...u.routes, ...platformSegments])]));
  return (route) => {
    if (!route) return 'unmatched';
    const [first = '', second, ...rest] = pathOf(route).replace(/\/$/, '').split('/').slice(1);
    if (!served.get(route.service)?.has(first)) return `${route.service} /*`;
    if (second === undefined) return `${route.service} /${first}`;
    if (!NUMERIC.test(second)) return `${route.service} /${first}/*`;
    return `${route.service} /${first}/:id${rest.length > 0 ? '/*' : ''}`;
  };
}

/** The request log's name for the route: the service and the path with numeric ids replaced. */
export function logRoute(route: Route): string {
  return `${route.service} ${pathOf(route).replace(/\/\d+(?=\/|$)/g, '/:id')}`;
}
