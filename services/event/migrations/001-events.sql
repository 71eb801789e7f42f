create table categories (
  id serial primary key,
  name text not null,
  description text,
  created_at timestamptz not null default now()
);
create unique index categories_name_key on categories (lower(name));
insert into categories (name, description) values
  ('Conference', 'Talks and tracks over one or more days'),
  ('Meetup', 'An evening community gathering'),
  ('Training', 'A course with a trainer'),
  ('Workshop', 'Hands-on work in small groups'),
  ('Webinar', 'An online session');

-- seats_taken counts confirmed and pending_payment registrations. The check is the last word against
-- overbooking: whatever the code does, the database refuses a seat beyond the capacity.
create table events (
  id bigserial primary key,
  title text not null,
  description text,
  start_date timestamptz not null,
  end_date timestamptz not null,
  location text,
  capacity int not null check (capacity >= 1),
  category_id int not null references categories (id),
  price numeric(12, 2) check (price >= 0),
  currency char(3),
  organizer_id bigint not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  seats_taken int not null default 0 check (seats_taken >= 0 and seats_taken <= capacity),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (end_date > start_date)
);
create index events_start_idx on events (start_date, id);

-- The waitlist is ordered by id: first come, first promoted.
create table registrations (
  id bigserial primary key,
  event_id bigint not null references events (id),
  user_id bigint not null,
  status text not null check (status in ('confirmed', 'pending_payment', 'waitlisted', 'cancelled')),
  hold_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One live registration per user and event: a second one is a 409.
create unique index registrations_live_key on registrations (event_id, user_id) where status <> 'cancelled';
create index registrations_waitlist_idx on registrations (event_id, id) where status = 'waitlisted';
