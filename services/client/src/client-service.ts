import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import type { ClientSettings } from './client-config.ts';
import type { ClientContext } from './client-context.ts';
import { eventEventsHandlers } from './consumers/on-event-events.ts';
import { eventRegistrationsHandlers } from './consumers/on-event-registrations.ts';
import { paymentEventsHandlers } from './consumers/on-payment-events.ts';
import { userEventsHandlers } from './consumers/on-user-events.ts';
import { registerActivityRoutes } from './http/activity-routes.ts';
import { registerClientRoutes } from './http/client-routes.ts';
import { registerContactRoutes } from './http/contact-routes.ts';

/**
 * The client service's composition root (SPEC §3.5): clients kept free of accidental duplicates and merged when
 * they happen anyway, their contacts with one primary, and a timeline that staff write and that other services'
 * events (payments, the client's events, a contact registering) fill by themselves.
 */
export async function createClientService(deps: ServiceDeps<ClientSettings>): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'client', new URL('../migrations/', import.meta.url));
  const ctx: ClientContext = { ...runtime.ctx, settings: deps.settings };
  registerClientRoutes(runtime.app, ctx);
  registerContactRoutes(runtime.app, ctx);
  registerActivityRoutes(runtime.app, ctx);
  return runtime.handle([
    ...paymentEventsHandlers(ctx),
    ...eventEventsHandlers(ctx),
    ...eventRegistrationsHandlers(ctx),
    ...userEventsHandlers()
  ]);
}
