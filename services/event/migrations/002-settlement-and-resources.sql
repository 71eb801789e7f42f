-- Paid registrations: the payment that confirmed one, and why a registration was cancelled.
alter table registrations add column payment_id bigint;
alter table registrations add column cancel_reason text
  check (cancel_reason in ('cancelled', 'event_cancelled', 'payment_failed', 'payment_refunded', 'hold_expired', 'user_deactivated'));
-- The sweeper looks for holds that ran out; the payment consumer for the registration of a payment.
create index registrations_hold_idx on registrations (hold_expires_at) where status = 'pending_payment';
create index registrations_payment_idx on registrations (payment_id) where payment_id is not null;
create index registrations_user_idx on registrations (user_id) where status <> 'cancelled';

-- The resources allocated to events, as announced on resource-events (the resource service owns them).
create table event_resources (
  allocation_id bigint primary key,
  event_id bigint not null,
  resource_id bigint not null,
  resource_name text not null,
  resource_type_id int not null,
  quantity int not null,
  start_time timestamptz not null,
  end_time timestamptz not null,
  released boolean not null default false,
  updated_at timestamptz not null default now()
);
create index event_resources_event_idx on event_resources (event_id) where not released;
create index event_resources_resource_idx on event_resources (resource_id);
