import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { sessionHandlers } from './consumers/on-auth-sessions.ts';
import { onAuthUserRegistered } from './consumers/on-auth-user-registered.ts';
import { eventRegistrationsHandlers } from './consumers/on-event-registrations.ts';
import { paymentEventsHandlers } from './consumers/on-payment-events.ts';
import { commandHandlers } from './consumers/on-user-commands.ts';
import { registerActivityRoutes } from './http/activity-routes.ts';
import { registerIntegrationRoutes } from './http/integration-routes.ts';
import { registerUserRoutes } from './http/user-routes.ts';
import type { UserSettings } from './user-config.ts';
import type { UserContext } from './user-context.ts';

/** The user service's composition root (SPEC §3.2): profiles, roles, settings, integrations, activity. */
export async function createUserService(deps: ServiceDeps<UserSettings>): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'user', new URL('../migrations/', import.meta.url));
  // Without AUTH_SERVICE_URLS, the auth service of this program (or this host) on its configured port.
  const authUrls =
    deps.settings.authUrls.length > 0 ? deps.settings.authUrls : [`http://127.0.0.1:${deps.config.ports.auth}`];
  const ctx: UserContext = { ...runtime.ctx, settings: { ...deps.settings, authUrls } };
  registerUserRoutes(runtime.app, ctx);
  registerIntegrationRoutes(runtime.app, ctx);
  registerActivityRoutes(runtime.app, ctx);
  return runtime.handle([
    onAuthUserRegistered(ctx),
    ...sessionHandlers(),
    ...commandHandlers(ctx),
    ...eventRegistrationsHandlers(),
    ...paymentEventsHandlers()
  ]);
}
