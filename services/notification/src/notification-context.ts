import type { ServiceContext } from '@style-flow/platform';
import type { NotificationSettings } from './notification-config.ts';
import type { TargetGuard } from './webhooks/target-guard.ts';

export interface NotificationContext extends ServiceContext {
  settings: NotificationSettings;
  /** Checks a webhook's target, and connects deliveries only to addresses it checked (SSRF). */
  webhookTargets: TargetGuard;
  /** Tells this instance's mail worker that messages were queued (after the commit that queued them). */
  wakeMail(): void;
  /** Tells this instance's webhook worker that deliveries were queued. */
  wakeWebhooks(): void;
}
