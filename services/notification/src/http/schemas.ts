import { Type } from 'typebox';
import { Id, IdParams, Nullable, PageQuery, Text } from '@style-flow/platform';

export { IdParams };

const MessageStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('retrying'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('skipped')
]);
const MessageType = Type.Union([
  Type.Literal('welcome'),
  Type.Literal('password_reset'),
  Type.Literal('registration_confirmed'),
  Type.Literal('registration_waitlisted'),
  Type.Literal('registration_promoted'),
  Type.Literal('hold_expired'),
  Type.Literal('payment_receipt'),
  Type.Literal('payment_refund'),
  Type.Literal('event_changed'),
  Type.Literal('event_cancelled'),
  Type.Literal('webhook_disabled')
]);

export const ListMessagesQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(MessageStatus),
    to: Type.Optional(Text({ minLength: 3, maxLength: 254, description: 'the recipient address, in any case' })),
    type: Type.Optional(MessageType)
  },
  { additionalProperties: false }
);
export const MailboxQuery = Type.Object(
  { ...PageQuery, to: Type.Optional(Text({ minLength: 3, maxLength: 254, description: 'the recipient address' })) },
  { additionalProperties: false }
);

export const MessageView = Type.Object({
  id: Type.Integer(),
  type: MessageType,
  status: MessageStatus,
  recipient_id: Type.Integer({ description: 'the user it is for' }),
  to: Nullable(Type.String({ description: 'known once the message is drawn, or from the fact' })),
  locale: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Type.String({ format: 'date-time', description: 'while queued or retrying' })),
  last_response: Nullable(Type.String({ description: "the SMTP server's last answer, or why it was not sent" })),
  channel: Nullable(Type.Union([Type.Literal('smtp'), Type.Literal('mailbox')])),
  fact_id: Type.String({ format: 'uuid', description: 'the event (fact) that gave it' }),
  attachments: Type.Array(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: Nullable(Type.String({ format: 'date-time' }))
});

export const MailboxView = Type.Object({
  ...MessageView.properties,
  text: Nullable(Type.String()),
  html: Nullable(Type.String())
});

// An event type, or a pattern where * stands for any run of characters (`event.registration.*`, `*`).
const EventPattern = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9_.*]+$', default: '*' });
const Url = Type.String({
  format: 'uri',
  minLength: 1,
  maxLength: 2000,
  description: 'http(s); private, loopback and link-local targets are refused'
});

const webhookFields = {
  url: Url,
  events: Type.Array(EventPattern, { minItems: 1, maxItems: 50 }),
  description: Type.Optional(Nullable(Text({ maxLength: 500 })))
};
export const CreateWebhookBody = Type.Object(webhookFields, { additionalProperties: false });
export const UpdateWebhookBody = Type.Partial(
  Type.Object({ ...webhookFields, enabled: Type.Boolean({ description: 'true enables a disabled endpoint again' }) }),
  { additionalProperties: false, minProperties: 1 }
);

export const WebhookView = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  disabled_reason: Nullable(Type.String()),
  previous_secret_expires_at: Nullable(
    Type.String({ format: 'date-time', description: 'until then the secret before the last rotation signs too' })
  ),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' })
});
export const WebhookWithSecretView = Type.Object({
  ...WebhookView.properties,
  secret: Type.String({ description: 'whsec_…: shown now and never again' })
});

export const DeliveryParams = Type.Object({ id: Id, delivery_id: Id });

export const AttemptView = Type.Object({
  attempted_at: Type.String({ format: 'date-time' }),
  status_code: Nullable(Type.Integer()),
  duration_ms: Type.Integer(),
  response: Nullable(Type.String({ description: "the first 1 KB of the receiver's answer" })),
  error: Nullable(Type.String())
});
export const DeliveryView = Type.Object({
  id: Type.Integer(),
  event_id: Type.String({ format: 'uuid', description: 'the webhook-id the receiver saw' }),
  event_type: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('retrying'),
    Type.Literal('delivered'),
    Type.Literal('failed')
  ]),
  next_attempt_at: Nullable(Type.String({ format: 'date-time' })),
  created_at: Type.String({ format: 'date-time' }),
  attempts: Type.Array(AttemptView)
});
