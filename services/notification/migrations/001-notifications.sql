-- The notification service's own data (SPEC §3.8): copies of what its messages need, kept from other services'
-- facts (it asks no other service at send time), the messages themselves, and the webhooks with their deliveries.

-- The people it writes to, from auth.user.registered and user-events.
create table recipients (
  user_id integer primary key,
  email text not null,
  username text,
  first_name text,
  last_name text,
  role text not null default 'user',
  status text not null default 'active',
  -- settings.locale as written; the service takes 'ru' or 'en', else DEFAULT_LOCALE.
  locale text,
  optional_messages boolean not null default true,
  updated_at timestamptz not null default now()
);
create index recipients_admins on recipients (user_id) where role = 'admin' and status = 'active';

-- Events, from event-events: what a message says of them.
create table event_copies (
  event_id integer primary key,
  title text not null,
  start_date timestamptz not null,
  end_date timestamptz not null,
  location text,
  status text not null,
  updated_at timestamptz not null default now()
);

-- Registrations, from event-registrations: who to tell when an event changes or is cancelled.
create table registration_copies (
  registration_id integer primary key,
  event_id integer not null,
  user_id integer not null,
  status text not null,
  cancel_reason text
);
create index registration_copies_event on registration_copies (event_id);

-- Payments and their refunds, from payment-events: what an invoice mailed with a receipt or a refund shows.
create table payment_copies (
  payment_id integer primary key,
  user_id integer not null,
  invoice_number text,
  -- When payment.completed was announced: the invoice is issued in that transaction.
  issued_at timestamptz,
  data jsonb not null
);
create table refund_copies (
  refund_id integer primary key,
  payment_id integer not null,
  credit_note_number text,
  amount text not null,
  reason text,
  issued_at timestamptz not null
);
create index refund_copies_payment on refund_copies (payment_id);

-- One row per message: exactly one per fact, recipient and kind, however often the fact arrives (the unique key).
-- What it says is drawn when it is sent, from the fact (`payload`) and the copies then, in the recipient's language.
create table messages (
  id bigint generated always as identity primary key,
  fact_id uuid not null,
  recipient_id integer not null,
  type text not null,
  -- Known at once when the fact names the address (registration, reset); else taken from the copy when sent.
  to_address text,
  payload jsonb not null,
  status text not null default 'queued'
    check (status in ('queued', 'retrying', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  -- A worker's claim: until then no other instance takes the row (one that died mid-send lets it go when it ends).
  claimed_until timestamptz,
  last_response text,
  locale text,
  subject text,
  -- Kept only for the development mailbox: mail that went over SMTP is not stored again here.
  body_text text,
  body_html text,
  attachments jsonb not null default '[]',
  channel text check (channel in ('smtp', 'mailbox')),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (fact_id, recipient_id, type)
);
create index messages_due on messages (next_attempt_at) where status in ('queued', 'retrying');
create index messages_to on messages (lower(to_address), id);
create index messages_mailbox on messages (id) where channel = 'mailbox';

create table webhook_endpoints (
  id integer generated always as identity primary key,
  url text not null,
  events text[] not null,
  description text,
  -- Both sign while the previous one lasts (24 h after a rotation), so a receiver can switch without a gap.
  secret text not null,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  enabled boolean not null default true,
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- One delivery per endpoint and fact; each try of it is an attempt.
create table webhook_deliveries (
  id bigint generated always as identity primary key,
  endpoint_id integer not null references webhook_endpoints (id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'retrying', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  claimed_until timestamptz,
  created_at timestamptz not null default now(),
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (endpoint_id, next_attempt_at, id)
  where status in ('pending', 'retrying');
-- Only the deliveries under way: a worker counts them per endpoint on every round.
create index webhook_deliveries_claimed on webhook_deliveries (endpoint_id) where claimed_until is not null;
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, id);

create table webhook_attempts (
  id bigint generated always as identity primary key,
  delivery_id bigint not null references webhook_deliveries (id) on delete cascade,
  attempted_at timestamptz not null default now(),
  status_code integer,
  duration_ms integer not null,
  -- The first 1 KB of the answer, or why there was none.
  response text,
  error text
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, id);
