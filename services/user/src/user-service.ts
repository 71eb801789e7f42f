import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { sessionHandlers } from './consumers/on-auth-sessions.ts';
import { onAuthUserRegistered } from './consumers/on-auth-user-registered.ts';
import { eventRegistrationsHandlers } from './consumers/on-event-registrations.ts';
import { paymentEventsHandlers } from './consumers/on-payment-events.ts';
import { commandHandlers } from './consumers/on-user-commands.ts';
import { registerActivityRoutes } from './http/activity-routes.ts';
import { registerIntegrationRoutes } from './http/integration-routes.ts';
import { registerUserRoutes } from './http/user-routes.ts';
import type { UserContext } from './user-context.ts';

/** The user service's composition root (SPEC §3.2): profiles, roles, settings, integrations, activity. */
export async function createUserService(deps: ServiceDeps): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'user', new URL('../migrations/', import.meta.url));
  const ctx: UserContext = runtime.ctx;
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
