import { createPeriodicTask, createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { authUserRegisteredHandlers } from './consumers/on-auth-user-registered.ts';
import { clientHandlers } from './consumers/on-client-events.ts';
import { paymentHandlers } from './consumers/on-payment-events.ts';
import { resourceHandlers } from './consumers/on-resource-events.ts';
import { userHandlers } from './consumers/on-user-events.ts';
import { releaseExpiredHolds } from './domain/release-expired-holds.ts';
import { loadTicketKeys } from './domain/ticket-keys.ts';
import type { EventSettings } from './event-config.ts';
import type { EventContext } from './event-context.ts';
import { registerCategoryRoutes } from './http/category-routes.ts';
import { registerCheckInRoutes } from './http/check-in-routes.ts';
import { registerEventRoutes } from './http/event-routes.ts';
import { registerRegistrationRoutes } from './http/registration-routes.ts';
import { registerTicketRoutes } from './http/ticket-routes.ts';

/**
 * The event service's composition root (SPEC §3.3): events, categories, registrations that never overbook,
 * the waitlist, paid holds settled by payment events or released by the sweeper when they run out, the
 * reactions to deactivated users, the resources allocated to each event, the copy of clients that an
 * event's client_id is checked against, and the event day: tickets signed with the service's key (kept in its
 * database), check-in lists and scans that succeed once per ticket and list, with the attendees' names kept from
 * the users' events.
 */
export async function createEventService(deps: ServiceDeps<EventSettings>): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'event', new URL('../migrations/', import.meta.url));
  const ctx: EventContext = {
    ...runtime.ctx,
    settings: deps.settings,
    tickets: await loadTicketKeys(runtime.ctx.db)
  };
  registerEventRoutes(runtime.app, ctx);
  registerRegistrationRoutes(runtime.app, ctx);
  registerCategoryRoutes(runtime.app, ctx);
  registerTicketRoutes(runtime.app, ctx);
  registerCheckInRoutes(runtime.app, ctx);
  const holdSweeper = createPeriodicTask({
    name: 'event-hold-sweeper',
    intervalMs: ctx.settings.holdSweepIntervalMs,
    logger: ctx.logger,
    run: () => releaseExpiredHolds(ctx).then(() => undefined)
  });
  return runtime.handle(
    [
      ...userHandlers(ctx),
      ...authUserRegisteredHandlers(),
      ...paymentHandlers(ctx),
      ...resourceHandlers(ctx),
      ...clientHandlers(ctx)
    ],
    [holdSweeper]
  );
}
