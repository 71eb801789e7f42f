import { Topics } from '@style-flow/contracts';
import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { documentFonts } from '@style-flow/platform/documents';
import { authEventHandlers } from './consumers/on-auth-events.ts';
import { eventEventHandlers } from './consumers/on-event-events.ts';
import { registrationHandlers } from './consumers/on-event-registrations.ts';
import { paymentEventHandlers } from './consumers/on-payment-events.ts';
import { userEventHandlers } from './consumers/on-user-events.ts';
import { disableWebhook } from './domain/disable-webhook.ts';
import { webhookHandlers } from './domain/fan-out-webhooks.ts';
import { registerMessageRoutes } from './http/message-routes.ts';
import { registerWebhookRoutes } from './http/webhook-routes.ts';
import { createMailWorker } from './mail/mail-worker.ts';
import { mailboxTransport, smtpTransport } from './mail/mail-transport.ts';
import type { NotificationSettings } from './notification-config.ts';
import type { NotificationContext } from './notification-context.ts';
import { createTargetGuard } from './webhooks/target-guard.ts';
import { createWebhookWorker } from './webhooks/webhook-worker.ts';

/** The facts a webhook may carry: every topic this service reads but the reset link's (its fact holds a token). */
const webhookTopics = [
  Topics.authUserRegistered,
  Topics.userEvents,
  Topics.eventEvents,
  Topics.eventRegistrations,
  Topics.paymentEvents
];

/**
 * The notification service's composition root (SPEC §3.8): it only consumes facts, keeps copies of what its
 * messages need, queues one message per fact, recipient and kind, and sends them with a worker over SMTP (or to
 * the development mailbox without SMTP_URL); and it delivers the facts to webhooks, signed, with a worker of its own.
 */
export async function createNotificationService(deps: ServiceDeps<NotificationSettings>): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'notification', new URL('../migrations/', import.meta.url));
  const s = deps.settings;
  const ctx: NotificationContext = {
    ...runtime.ctx,
    settings: s,
    webhookTargets: createTargetGuard(s.webhookAllowedHosts, s.webhookTimeoutMs),
    // The workers are made below, with the context; nothing wakes them before the service starts.
    wakeMail: () => mail.wake(),
    wakeWebhooks: () => webhooks.wake()
  };
  const transport = s.smtpUrl ? smtpTransport(s.smtpUrl, s.mailFrom, s.mailConcurrency) : mailboxTransport();
  const mail = createMailWorker({ db: ctx.db, logger: ctx.logger, settings: s, transport, fonts: documentFonts() });
  const webhooks = createWebhookWorker({
    db: ctx.db,
    logger: ctx.logger,
    settings: s,
    guard: ctx.webhookTargets,
    disable: (endpoint, delivery, reason) => disableWebhook(ctx, endpoint, delivery, reason)
  });
  registerMessageRoutes(runtime.app, ctx);
  registerWebhookRoutes(runtime.app, ctx);
  return runtime.handle(
    [
      ...authEventHandlers(ctx),
      ...userEventHandlers(),
      ...eventEventHandlers(ctx),
      ...registrationHandlers(ctx),
      ...paymentEventHandlers(ctx),
      ...webhookHandlers(ctx, webhookTopics)
    ],
    [mail, webhooks]
  );
}
