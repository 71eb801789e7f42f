import {
  clientAddressSeal,
  createServiceRuntime,
  type Component,
  type ServiceDeps,
  type ServiceHandle
} from '@style-flow/platform';
import type { ConsoleSettings } from './console-config.ts';
import type { ConsoleContext } from './console-context.ts';
import { createApiFetch } from './http/api-fetch.ts';
import { assetRoutes, loadAssets } from './http/assets.ts';
import { registerConsole } from './http/console-app.ts';
import { refreshAt } from './sessions/refresh.ts';
import { deriveSessionKeys } from './sessions/session-keys.ts';
import { createSessions } from './sessions/sessions.ts';
import { accountRoutes } from './pages/account/account-routes.ts';
import { eventsRoutes } from './pages/events/events-routes.ts';
import { payRoutes } from './pages/events/pay-routes.ts';
import { ticketRoutes } from './pages/events/ticket-routes.ts';
import { paymentsRoutes } from './pages/my/payments-routes.ts';
import { profileRoutes } from './pages/my/profile-routes.ts';
import { registrationsRoutes } from './pages/my/registrations-routes.ts';
import { staffRoutes } from './pages/staff/staff-routes.ts';
import { staffEventsRoutes } from './pages/staff-events/staff-events-routes.ts';
import { checkInRoutes } from './pages/check-in/check-in-routes.ts';
import { staffPaymentsRoutes } from './pages/staff-payments/staff-payments-routes.ts';
import { usersRoutes } from './pages/users/users-routes.ts';
import { clientsRoutes } from './pages/clients/clients-routes.ts';
import { resourcesRoutes } from './pages/resources/resources-routes.ts';
import { adminRoutes } from './pages/admin/admin-routes.ts';

/**
 * The console's composition root (SPEC §3.9): server-rendered pages under /app that call the API through the
 * gateway as the signed-in person. Its only data are the sessions (the tokens stay here, sealed); a sweeper deletes
 * expired ones. Staff areas add their pages/<area>/ routes to the list below.
 */
export async function createConsoleService(deps: ServiceDeps<ConsoleSettings>): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'console', new URL('../migrations/', import.meta.url));
  const { config, settings } = deps;
  const apiUrl = config.urls.gateway?.[0] ?? 'http://127.0.0.1:8080';
  const api = createApiFetch();
  const sessions = createSessions({
    db: runtime.ctx.db,
    keys: deriveSessionKeys(config.jwt.secret),
    logger: runtime.ctx.logger,
    idleSeconds: settings.sessionIdleSeconds,
    rememberMs: settings.sessionRememberMs,
    sweepMs: settings.sessionSweepMs,
    refresh: refreshAt(apiUrl, api.fetch)
  });
  const { assets, byName } = await loadAssets(new URL('../assets/', import.meta.url));
  const ctx: ConsoleContext = {
    ...runtime.ctx,
    settings,
    apiUrl,
    apiFetch: api.fetch,
    sessions,
    assets,
    clientAddress: clientAddressSeal(config.jwt.secret),
    secureCookies: config.environment !== 'development'
  };
  await registerConsole(runtime.app, ctx, [
    assetRoutes(byName),
    accountRoutes,
    eventsRoutes,
    ticketRoutes,
    payRoutes,
    registrationsRoutes,
    paymentsRoutes,
    profileRoutes,
    staffRoutes,
    staffEventsRoutes,
    checkInRoutes,
    staffPaymentsRoutes,
    usersRoutes,
    clientsRoutes,
    resourcesRoutes,
    adminRoutes
  ]);
  const calls: Component = { name: 'console-api-calls', start: async () => {}, stop: () => api.close() };
  return runtime.handle([], [calls, sessions.sweeper]);
}
