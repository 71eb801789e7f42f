// The console's own list of addresses, as its HTTP server registered them, so that the suite can tell a page it has
// never opened. Fastify announces every server it makes on the `fastify.initialization` diagnostics channel, before
// any route is added: the suite listens while the stack starts and notes each server's GET routes.
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance } from 'fastify';

export interface RouteBook {
  /** Stops listening for new servers (the stack has started). */
  stop(): void;
  /** The GET routes of the server listening on this port, under /app (the console's), e.g. `/app/events/:id`. */
  consoleRoutes(port: number): string[];
}

/** Starts noting the GET routes of every Fastify server made in this process from now on. */
export function recordRoutes(): RouteBook {
  const servers: { app: FastifyInstance; routes: string[] }[] = [];
  const listener = (message: unknown) => {
    const { fastify: app } = message as { fastify: FastifyInstance };
    const routes: string[] = [];
    servers.push({ app, routes });
    app.addHook('onRoute', (route) => {
      const methods = ([] as string[]).concat(route.method);
      if (methods.includes('GET')) routes.push(route.url);
    });
  };
  diagnostics.subscribe('fastify.initialization', listener);
  return {
    stop: () => diagnostics.unsubscribe('fastify.initialization', listener),
    consoleRoutes(port) {
      const server = servers.find(({ app }) => {
        const address = app.server.address();
        return typeof address === 'object' && address?.port === port;
      });
      if (!server) throw new Error(`no Fastify server of this process listens on port ${port}`);
      return [...new Set(server.routes.filter((url) => url.startsWith('/app/')))].sort();
    }
  };
}

/**
 * The route an address is served by, as the router picks it: of the routes it matches, the one with the fewest
 * parameters (`/app/staff/payments/ledger` before `/app/staff/payments/:id`); null when none does (the 404 page).
 */
export function routeOf(routes: readonly string[], pathname: string): string | null {
  const matching = routes.filter((route) => pattern(route).test(pathname));
  const params = (route: string) => route.split(':').length;
  return matching.sort((a, b) => params(a) - params(b))[0] ?? null;
}

const patterns = new Map<string, RegExp>();

function pattern(route: string): RegExp {
  let p = patterns.get(route);
  if (!p) {
    // A parameter is one segment, or the rest of a segment after a literal start (`:rid` in `:rid/ticket.pdf`).
    const source = route
      .split(/(:[A-Za-z_]\w*)/)
      .map((part) => (part.startsWith(':') ? '[^/]+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    patterns.set(route, (p = new RegExp(`^${source}/?$`)));
  }
  return p;
}
