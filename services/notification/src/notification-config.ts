import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

const smtpUrl = (u: string) =>
  URL.canParse(u) && /^smtps?:$/.test(new URL(u).protocol) ? null : 'is not an smtp:// or smtps:// URL';
const hostName = (h: string) => (/^[A-Za-z0-9.:[\]-]+$/.test(h) ? null : 'is not a host name or address');

export const notificationConfig = defineConfig({
  smtpUrl: key.optional(
    'SMTP_URL',
    'where mail goes: smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://…:465; unset: the development mailbox (GET /notifications/mailbox)',
    smtpUrl
  ),
  mailFrom: key.string('MAIL_FROM', 'Style Flow <no-reply@style-flow.local>', 'the From of every message', {
    test: /^([^<>\r\n]*<)?[^\s<>@]+@[^\s<>@]+>?$/,
    says: 'is not an address (name <user@host> or user@host)'
  }),
  publicUrl: key.string('PUBLIC_URL', 'http://localhost:8080', 'where people reach Style Flow: links in mail', {
    test: /^https?:\/\/[^\s]+$/,
    says: 'is not an http(s) URL'
  }),
  defaultLocale: key.oneOf<'en' | 'ru'>(
    'DEFAULT_LOCALE',
    'en',
    ['en', 'ru'],
    "language of a recipient whose settings.locale is neither 'ru' nor 'en'"
  ),
  mailConcurrency: key.int('MAIL_CONCURRENCY', 4, 1, 100, 'messages sent at once (SMTP connections) per instance'),
  mailRetryBaseMs: key.int(
    'MAIL_RETRY_BASE_MS',
    60_000,
    1,
    3_600_000,
    'wait before the first retry of a temporary SMTP failure; doubles each try, at most an hour'
  ),
  mailGiveUpAfterMs: key.int(
    'MAIL_GIVE_UP_AFTER_MS',
    86_400_000,
    1,
    7 * 86_400_000,
    'how long temporary SMTP failures are retried before the message is failed'
  ),
  pollIntervalMs: key.int(
    'NOTIFICATION_POLL_INTERVAL_MS',
    1000,
    10,
    600_000,
    'how often the mail and webhook workers look for due work (they also wake on what this instance queues)'
  ),
  claimLeaseMs: key.int(
    'NOTIFICATION_CLAIM_LEASE_MS',
    120_000,
    1000,
    3_600_000,
    'how long a claimed message or delivery is left to its worker before another instance may take it (an instance that died mid-send)'
  ),
  webhookAllowedHosts: key.list(
    'WEBHOOK_ALLOWED_HOSTS',
    '',
    'hosts a webhook may target even in private, loopback or link-local ranges (development and tests only)',
    hostName
  ),
  webhookTimeoutMs: key.int(
    'WEBHOOK_TIMEOUT_MS',
    15_000,
    100,
    60_000,
    'how long a webhook delivery waits for its answer'
  ),
  webhookRetrySpeedup: key.int(
    'WEBHOOK_RETRY_SPEEDUP',
    1,
    1,
    1_000_000,
    'divides the webhook retry schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h): for tests'
  ),
  webhookConcurrency: key.int('WEBHOOK_CONCURRENCY', 16, 1, 500, 'webhook deliveries under way at once per instance'),
  webhookPerEndpoint: key.int(
    'WEBHOOK_PER_ENDPOINT',
    2,
    1,
    50,
    'webhook deliveries under way at once to one endpoint, so a slow endpoint holds no more than these'
  )
});

export type NotificationSettings = ConfigValues<typeof notificationConfig.keys>;
