// The console benchmark's volumes, written straight into each service's own database in set-based statements
// (`insert … select … generate_series`), not through the API: 10,000 events, 200,000 registrations, 20,000 clients,
// 100,000 payments and a few hundred people, in a few seconds. What the services rely on is kept: seats_taken counts
// the confirmed registrations and never passes the capacity, a waitlist only on a full event, one live registration
// per person and event; a paid event's confirmed registration names its completed payment; every charged payment has
// its ledger's charge row (and refund rows summing to what was given back), its invoice and, refunded, its credit
// note, with the gapless counters at the numbers used; each service's copies of others' facts (known_users,
// known_clients, known_events, event_resources, payment_totals) agree with the owner's rows.
import pg from 'pg';
import type { PostgresConfig, Queryable } from '@style-flow/platform';
import { identityOf } from '../../services/client/src/domain/client-identity.ts';
import { countLedgerMismatches } from '../../services/payment/src/data/ledger-repository.ts';

export const VOLUMES = { users: 400, events: 10_000, registrations: 200_000, clients: 20_000, payments: 100_000 };
/** The admin's registrations (user 1, made through the API): what "my registrations" lists. */
const ADMIN_REGISTRATIONS = 30;
/** Managers: users 2..MANAGERS+1. */
const MANAGERS = 5;
const RESOURCES = 200;
const ALLOCATIONS_PER_RESOURCE = 5;

export interface Seeded {
  /** The event with the most registrations (its registrations page is measured). */
  busiestEventId: number;
  seconds: number;
  counts: Record<string, number>;
  /** Seconds each part took (the first four, then the next three, run at once). */
  parts: Record<string, number>;
}

type Connect = (service: string) => Promise<pg.Client>;

/** Event g's title and start (SQL over g), for the event service's rows and the copies the others keep of them. */
const TITLE = `(array['Spring','Summer','Autumn','Winter','Evening','Morning'])[1 + g % 6] || ' '
  || (array['meetup','conference','workshop','training','webinar','hackathon','masterclass'])[1 + g % 7] || ' #' || g`;
// 10,000 events over 420 days from 120 days ago, on the hour: a few a day.
const START = `date_trunc('hour', now()) + make_interval(hours => (g * 37) % (420 * 24) - 120 * 24)`;

/** A client per service database of the run (`{service}_service{suffix}`). */
export function connector(postgres: PostgresConfig & { databaseSuffix?: string | undefined }): Connect {
  return async (service) => {
    // A server shared with other runs may be at max_connections for a moment: try again for a while.
    for (let attempt = 0; ; attempt++) {
      const client = new pg.Client({
        host: postgres.host,
        port: postgres.port,
        user: postgres.user,
        password: postgres.password,
        database: `${service}_service${postgres.databaseSuffix ?? ''}`
      });
      try {
        await client.connect();
        return client;
      } catch (error) {
        if ((error as { code?: string }).code !== '53300' || attempt >= 60) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
}

async function inTransaction(db: pg.Client, work: () => Promise<void>): Promise<void> {
  await db.query('begin');
  try {
    await work();
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
}

const count = async (db: pg.Client, table: string): Promise<number> =>
  Number((await db.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);

/**
 * The people: accounts 2..USERS beside the admin (id 1, made through the API), with the admin's password hash (one
 * argon2id hash, so no hashing here); users 2..MANAGERS+1 are managers. Their profiles in the user service, and the
 * copies the other services keep of them.
 */
async function seedPeople(connect: Connect): Promise<void> {
  const auth = await connect('auth');
  try {
    await inTransaction(auth, async () => {
      await auth.query(
        `insert into accounts (id, username, email, password_hash, first_name, last_name, role)
         select g, 'person' || lpad(g::text, 4, '0'), 'person' || lpad(g::text, 4, '0') || '@example.com',
           (select password_hash from accounts where id = 1),
           (array['Anna','Boris','Chen','Dana','Emil','Fatima','Gleb','Hana'])[1 + g % 8],
           (array['Ivanova','Smith','Petrov','García','Kim','Novak'])[1 + g % 6],
           case when g <= $2 + 1 then 'manager' else 'user' end
         from generate_series(2, $1::int) g`,
        [VOLUMES.users, MANAGERS]
      );
      await auth.query(`select setval(pg_get_serial_sequence('accounts', 'id'), $1)`, [VOLUMES.users]);
    });
  } finally {
    await auth.end();
  }
  // The same people everywhere a copy is kept, from the accounts' formula (the copies of user 1 came through events).
  const person = `select g as id, 'person' || lpad(g::text, 4, '0') as username,
      'person' || lpad(g::text, 4, '0') || '@example.com' as email,
      (array['Anna','Boris','Chen','Dana','Emil','Fatima','Gleb','Hana'])[1 + g % 8] as first_name,
      (array['Ivanova','Smith','Petrov','García','Kim','Novak'])[1 + g % 6] as last_name,
      case when g <= ${MANAGERS + 1} then 'manager' else 'user' end as role
    from generate_series(2, ${VOLUMES.users}) g`;
  const copies: Record<string, string> = {
    user: `insert into users (id, username, email, first_name, last_name, role)
      select id, username, email, first_name, last_name, role from (${person}) p`,
    event: `insert into known_users (id, username, first_name, last_name)
      select id, username, first_name, last_name from (${person}) p on conflict (id) do nothing`,
    client: `insert into known_users (id, email) select id, email from (${person}) p on conflict (id) do nothing`,
    payment: `insert into known_users (id, username, email, first_name, last_name)
      select id, username, email, first_name, last_name from (${person}) p on conflict (id) do nothing`,
    notification: `insert into recipients (user_id, email, username, first_name, last_name, role)
      select id, email, username, first_name, last_name, role from (${person}) p on conflict (user_id) do nothing`
  };
  await Promise.all(
    Object.entries(copies).map(async ([service, sql]) => {
      const db = await connect(service);
      try {
        await db.query(sql);
      } finally {
        await db.end();
      }
    })
  );
}

/** Events (a quarter paid), their default check-in lists, 200,000 registrations, and the seats they take. */
async function seedEvents(connect: Connect): Promise<number> {
  const db = await connect('event');
  try {
    await inTransaction(db, async () => {
      // 10,000 events over 420 days from 120 days ago, three hours each; every 4th paid, every 3rd for a client.
      await db.query(
        `insert into events (id, title, description, start_date, end_date, location, capacity, category_id, price,
           currency, organizer_id, client_id, created_at)
         select g,
           ${TITLE},
           'A seeded event of the console benchmark',
           ${START}, ${START} + interval '3 hours',
           (array['Main hall','Room 2','Online','Loft','Library'])[1 + g % 5],
           1, 1 + g % 5,
           case when g % 4 = 0 then 1000 + (g % 9) * 250 end,
           case when g % 4 = 0 then (array['RUB','EUR','USD'])[1 + (g / 4) % 3] end,
           case when g % 6 = 0 then 1 else 2 + g % ${MANAGERS} end,
           case when g % 3 = 0 then 1 + (g * 7) % ${VOLUMES.clients} end,
           now() - interval '200 days'
         from generate_series(1, $1::int) g`,
        [VOLUMES.events]
      );
      await db.query(`select setval(pg_get_serial_sequence('events', 'id'), $1)`, [VOLUMES.events]);
      await db.query(
        `insert into check_in_lists (event_id, name, is_default) select id, 'Default', true from events order by id`
      );
      // Registration i: event 1 + i % E, person 2 + (23k + e) % (U - 1) for its round k = i / E — distinct persons
      // per event for the 20 rounds (23 is prime to U - 1). The admin takes the first rounds' first 30 seats.
      // Rounds 0..16 confirmed, 17 cancelled, 18..19 waitlisted on every 10th event (made full below), else confirmed.
      await db.query(
        `insert into registrations (event_id, user_id, status, cancel_reason, created_at, updated_at)
         select e, case when i < $4 then 1 else 2 + (k * 23 + e) % ($3::int - 1) end,
           case when k = 17 then 'cancelled' when k >= 18 and e % 10 = 0 then 'waitlisted' else 'confirmed' end,
           case when k = 17 then 'cancelled' end,
           now() - interval '100 days' + make_interval(secs => i), now() - interval '100 days' + make_interval(secs => i)
         from (select i, 1 + i % $1::int as e, i / $1::int as k from generate_series(0, $2::int - 1) i) r
         order by i`,
        [VOLUMES.events, VOLUMES.registrations, VOLUMES.users, ADMIN_REGISTRATIONS]
      );
      // Seats taken = confirmed (none pending); a waitlisted event is exactly full, the others have room.
      await db.query(
        `update events e set seats_taken = c.taken,
           capacity = case when c.waiting > 0 then greatest(c.taken, 1) else c.taken + 5 + e.id % 40 end
         from (select event_id, count(*) filter (where status = 'confirmed') as taken,
                 count(*) filter (where status = 'waitlisted') as waiting
               from registrations group by event_id) c
         where c.event_id = e.id`
      );
      await db.query(`insert into known_clients (id, status) select g, 'active' from generate_series(1, $1::int) g`, [
        VOLUMES.clients
      ]);
    });
    const { rows } = await db.query<{ event_id: string }>(
      `select event_id from registrations group by event_id order by count(*) desc, event_id limit 1`
    );
    return Number(rows[0]!.event_id);
  } finally {
    await db.end();
  }
}

/** The admin's history: "registered for" each of their registrations, as the user service records it. */
async function seedAdminActivity(connect: Connect): Promise<void> {
  const events = await connect('event');
  let mine: { id: string; event_id: string; status: string }[];
  try {
    mine = (await events.query(`select id, event_id, status from registrations where user_id = 1 order by id`)).rows;
  } finally {
    await events.end();
  }
  const users = await connect('user');
  try {
    await users.query(
      `insert into activity (user_id, type, details, occurred_at, source_event_id)
       select 1, 'registered_for_event',
         jsonb_build_object('event_id', e, 'registration_id', r, 'status', s), now() - interval '100 days',
         gen_random_uuid()
       from unnest($1::bigint[], $2::bigint[], $3::text[]) as t(r, e, s)`,
      [mine.map((m) => m.id), mine.map((m) => m.event_id), mine.map((m) => m.status)]
    );
  } finally {
    await users.end();
  }
}

const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Ромашка', 'Вектор', 'Hooli', 'Soylent'];
const FORMS = ['LLC', 'Inc.', 'GmbH', 'ООО', 'Ltd'];

/** Client id's name (every 5th a person), for the client service's rows and the payment service's copy. */
const clientName = (id: number): string =>
  id % 5 === 0 ? `Person ${id}` : `${WORDS[id % WORDS.length]} ${id} ${FORMS[Math.floor(id / 10) % FORMS.length]}`;

/** 20,000 clients with the identity keys the duplicate guard computes, a primary contact each. */
async function seedClients(connect: Connect): Promise<void> {
  const names: string[] = [];
  const types: string[] = [];
  const emails: string[] = [];
  const websites: string[] = [];
  const nameKeys: string[] = [];
  const emailKeys: (string | null)[] = [];
  const domainKeys: (string | null)[] = [];
  for (let id = 1; id <= VOLUMES.clients; id++) {
    const individual = id % 5 === 0;
    const name = clientName(id);
    const email = `billing${id}@client${id}.example.com`;
    const website = individual ? '' : `https://www.client${id}.example.com/`;
    const keys = identityOf({ name, email, website: website || null });
    names.push(name);
    types.push(individual ? 'individual' : 'organization');
    emails.push(email);
    websites.push(website);
    nameKeys.push(keys.name_key);
    emailKeys.push(keys.email_key);
    domainKeys.push(keys.domain_key);
  }
  const db = await connect('client');
  try {
    await inTransaction(db, async () => {
      await db.query(
        `insert into clients (id, name, type, industry, email, phone, website, name_key, email_key, domain_key, created_at)
         select ord, name, type, (array['Retail','Education','Finance','Media','Health'])[1 + ord % 5], email,
           '+7 900 ' || lpad(ord::text, 7, '0'), nullif(website, ''), name_key, email_key, domain_key,
           now() - make_interval(days => (ord % 700)::int)
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           with ordinality as t(name, type, email, website, name_key, email_key, domain_key, ord)`,
        [names, types, emails, websites, nameKeys, emailKeys, domainKeys]
      );
      await db.query(`select setval(pg_get_serial_sequence('clients', 'id'), $1)`, [VOLUMES.clients]);
      await db.query(
        `insert into contacts (client_id, name, email, position, is_primary)
         select id, 'Contact of ' || id, 'contact' || id || '@client' || id || '.example.com', 'Manager', true
         from clients`
      );
    });
  } finally {
    await db.end();
  }
}

/**
 * 100,000 payments: first one completed card payment for each confirmed registration of a paid event (the
 * registration then names it), then staff's payments, half of them billed to a client, in every state. The ledger,
 * the refunds, the invoices and credit notes and their counters follow from the payments in set-based statements.
 */
async function seedPayments(connect: Connect): Promise<void> {
  const events = await connect('event');
  let paid: { id: string; event_id: string; user_id: string; price: string; currency: string; client_id: string }[];
  try {
    paid = (
      await events.query(
        `select r.id, r.event_id, r.user_id, e.price::text as price, e.currency, e.client_id
         from registrations r join events e on e.id = r.event_id
         where e.price is not null and r.status = 'confirmed' order by r.id`
      )
    ).rows;
  } finally {
    await events.end();
  }
  const db = await connect('payment');
  try {
    await inTransaction(db, async () => {
      // The copies first: the invoices take the payer's and the client's names from them.
      await db.query(
        `insert into known_events (id, title, status)
         select g, ${TITLE}, 'scheduled' from generate_series(1, $1::int) g`,
        [VOLUMES.events]
      );
      const clientIds = Array.from({ length: VOLUMES.clients }, (_, i) => i + 1);
      await db.query(
        `insert into known_clients (id, name, status) select id, name, 'active' from unnest($1::int[], $2::text[]) as t(id, name)`,
        [clientIds, clientIds.map(clientName)]
      );
      // Payment ids 1..P for the registrations of paid events, in registration order.
      await db.query(
        `insert into payments (id, user_id, amount, currency, minor_unit, status, payment_method_id, method_type,
           description, event_id, client_id, created_at, updated_at, settled_at)
         select ord, u, price, cur, 2, 'completed', 1, 'card', 'Registration for event ' || e, e, c,
           now() - make_interval(days => (ord % 200)::int), now() - make_interval(days => (ord % 200)::int),
           now() - make_interval(days => (ord % 200)::int)
         from unnest($1::bigint[], $2::int[], $3::numeric[], $4::text[], $5::int[])
           with ordinality as t(u, e, price, cur, c, ord)`,
        [
          paid.map((p) => p.user_id),
          paid.map((p) => p.event_id),
          paid.map((p) => p.price),
          paid.map((p) => p.currency),
          paid.map((p) => p.client_id)
        ]
      );
      // The rest: by g % 100, 80 completed, 8 pending (cash, bank transfer: waiting for staff), 7 failed (card),
      // 3 refunded, 2 partly refunded; every 2nd billed to a client; created over the past year.
      await db.query(
        `insert into payments (id, user_id, amount, currency, minor_unit, refunded, status, payment_method_id,
           method_type, description, client_id, failure_reason, created_at, updated_at, settled_at)
         select g, 1 + g % $2::int, amount, (array['RUB','EUR','USD'])[1 + g % 3], 2,
           case when s = 'refunded' then amount when s = 'partially_refunded' then round(amount / 2, 2) else 0 end,
           s, m, (array['card','bank_transfer','cash','invoice'])[m],
           'Seeded payment ' || g, case when g % 2 = 0 then 1 + (g * 13) % $3::int end,
           case when s = 'failed' then 'card declined' end,
           now() - make_interval(days => (g % 365)::int), now() - make_interval(days => (g % 365)::int),
           case when s <> 'pending' then now() - make_interval(days => (g % 365)::int) end
         from (
           select g, round(((g * 7919) % 950000 + 50000)::numeric / 100, 2) as amount,
             case when g % 100 < 80 then 'completed' when g % 100 < 88 then 'pending'
                  when g % 100 < 95 then 'failed' when g % 100 < 98 then 'refunded' else 'partially_refunded' end as s,
             case when g % 100 between 80 and 87 then 2 + g % 2 when g % 5 = 0 and g % 100 < 80 then 2 else 1 end as m
           from generate_series($4::int, $1::int) g
         ) p`,
        [VOLUMES.payments, VOLUMES.users, VOLUMES.clients, paid.length + 1]
      );
      await db.query(`select setval(pg_get_serial_sequence('payments', 'id'), $1)`, [VOLUMES.payments]);
      // The ledger: a charge for every payment that took money, then the refunds and their rows.
      await db.query(
        `insert into transactions (payment_id, kind, amount, currency, user_id, event_id, client_id, created_at)
         select id, 'charge', amount, currency, user_id, event_id, client_id, settled_at
         from payments where status in ('completed', 'refunded', 'partially_refunded') order by id`
      );
      await db.query(
        `insert into refunds (payment_id, amount, reason, status, source, requested_by, created_at, settled_at)
         select id, refunded, 'Seeded refund', 'completed', 'request', 1, settled_at, settled_at
         from payments where refunded > 0 order by id`
      );
      await db.query(
        `insert into transactions (payment_id, refund_id, kind, amount, currency, user_id, event_id, client_id, created_at)
         select p.id, r.id, 'refund', -r.amount, p.currency, p.user_id, p.event_id, p.client_id, r.settled_at
         from refunds r join payments p on p.id = r.payment_id order by r.id`
      );
      // Invoices and credit notes numbered without gaps, as insertInvoice and insertCreditNote number them.
      await db.query(
        `insert into invoices (payment_id, series, number, amount, currency, minor_unit, user_id, bill_to, client_id,
           client_name, event_id, description, method_name, issued_at)
         select p.id, 'SF-' || to_char(now() at time zone 'UTC', 'YYYY'), row_number() over (order by p.id),
           p.amount, p.currency, p.minor_unit, p.user_id,
           coalesce(nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') || ' <' || u.email || '>',
                    u.username || ' <' || u.email || '>', 'User #' || p.user_id),
           p.client_id, c.name, p.event_id, p.description, m.name, p.settled_at
         from payments p
         join payment_methods m on m.id = p.payment_method_id
         left join known_users u on u.id = p.user_id
         left join known_clients c on c.id = p.client_id
         where p.status in ('completed', 'refunded', 'partially_refunded')`
      );
      await db.query(
        `insert into credit_notes (refund_id, invoice_id, series, number, amount, currency, reason, issued_at)
         select r.id, i.id, 'CN-' || to_char(now() at time zone 'UTC', 'YYYY'), row_number() over (order by r.id),
           r.amount, i.currency, r.reason, r.settled_at
         from refunds r join invoices i on i.payment_id = r.payment_id`
      );
      await db.query(
        `insert into document_counters (series, last_number)
         select series, max(number) from invoices group by series
         union all select series, max(number) from credit_notes group by series`
      );
    });
  } finally {
    await db.end();
  }
  // The paid registrations name their payments (ids 1..P in registration order).
  const back = await connect('event');
  try {
    await back.query(
      `update registrations r set payment_id = t.ord
       from unnest($1::bigint[]) with ordinality as t(id, ord) where r.id = t.id`,
      [paid.map((p) => p.id)]
    );
  } finally {
    await back.end();
  }
}

/** The client service's totals per client and currency, as the payment events would have summed them. */
async function seedClientTotals(connect: Connect): Promise<void> {
  const payments = await connect('payment');
  let totals: { client_id: string; currency: string; paid: string; refunded: string }[];
  try {
    totals = (
      await payments.query(
        `select client_id, currency, sum(amount)::text as paid, sum(refunded)::text as refunded from payments
         where client_id is not null and status in ('completed', 'refunded', 'partially_refunded')
         group by client_id, currency`
      )
    ).rows;
  } finally {
    await payments.end();
  }
  const db = await connect('client');
  try {
    await db.query(
      `insert into payment_totals (client_id, currency, paid, refunded)
       select * from unnest($1::bigint[], $2::text[], $3::numeric[], $4::numeric[])`,
      [
        totals.map((t) => t.client_id),
        totals.map((t) => t.currency),
        totals.map((t) => t.paid),
        totals.map((t) => t.refunded)
      ]
    );
    await db.query(
      `insert into known_events (id, title, start_date, client_id)
       select g, ${TITLE}, ${START}, case when g % 3 = 0 then 1 + (g * 7) % $2::int end
       from generate_series(1, $1::int) g`,
      [VOLUMES.events, VOLUMES.clients]
    );
  } finally {
    await db.end();
  }
}

/** Resources, each allocated to a few events (never past its quantity), and the event service's copy of them. */
async function seedResources(connect: Connect): Promise<void> {
  const events = await connect('event');
  let known: { id: string; start_date: Date; end_date: Date }[];
  try {
    known = (await events.query(`select id, start_date, end_date from events order by id`)).rows;
  } finally {
    await events.end();
  }
  const db = await connect('resource');
  try {
    await inTransaction(db, async () => {
      await db.query(
        `insert into known_events (id, start_date, end_date, status)
         select * , 'scheduled' from unnest($1::int[], $2::timestamptz[], $3::timestamptz[])`,
        [known.map((k) => k.id), known.map((k) => k.start_date), known.map((k) => k.end_date)]
      );
      await db.query(
        `insert into resources (name, type_id, quantity, location)
         select (array['Hall','Projector','Coffee service','Host','Shuttle'])[1 + g % 5] || ' ' || g, 1 + g % 5,
           ${ALLOCATIONS_PER_RESOURCE} + g % 10, (array['Main hall','Room 2','Loft'])[1 + g % 3]
         from generate_series(1, $1::int) g`,
        [RESOURCES]
      );
      // Quantity 1 each, at most ALLOCATIONS_PER_RESOURCE per resource: within every resource's quantity.
      await db.query(
        `insert into allocations (resource_id, event_id, quantity, start_time, end_time, created_by)
         select r, ev.id, 1, ev.start_date, ev.end_date, 1
         from (select 1 + j % $1::int as r, 1 + (j * 53) % $2::int as e
               from generate_series(0, $1::int * $3::int - 1) j) a
         join known_events ev on ev.id = a.e`,
        [RESOURCES, VOLUMES.events, ALLOCATIONS_PER_RESOURCE]
      );
    });
    const { rows } = await db.query(
      `select a.id, a.event_id, a.resource_id, r.name, r.type_id, a.quantity, a.start_time, a.end_time
       from allocations a join resources r on r.id = a.resource_id`
    );
    const copy = await connect('event');
    try {
      await copy.query(
        `insert into event_resources (allocation_id, event_id, resource_id, resource_name, resource_type_id, quantity,
           start_time, end_time)
         select * from unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[], $6::int[],
           $7::timestamptz[], $8::timestamptz[])`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.event_id),
          rows.map((r) => r.resource_id),
          rows.map((r) => r.name),
          rows.map((r) => r.type_id),
          rows.map((r) => r.quantity),
          rows.map((r) => r.start_time),
          rows.map((r) => r.end_time)
        ]
      );
    } finally {
      await copy.end();
    }
  } finally {
    await db.end();
  }
}

/** The mail log with a few failures, and webhooks with failed deliveries: what the dashboard shows as failing. */
async function seedNotifications(connect: Connect): Promise<void> {
  const db = await connect('notification');
  try {
    await db.query(
      `insert into messages (fact_id, recipient_id, type, to_address, payload, status, attempts, last_response,
         locale, subject, channel, created_at, sent_at)
       select gen_random_uuid(), 2 + g % ($2::int - 1), (array['welcome','payment_receipt'])[1 + g % 2],
         'person' || lpad((2 + g % ($2::int - 1))::text, 4, '0') || '@example.com', '{}'::jsonb,
         case when g % 50 = 0 then 'failed' else 'sent' end, case when g % 50 = 0 then 5 else 1 end,
         case when g % 50 = 0 then '550 mailbox unavailable' else '250 OK' end, 'en', 'Seeded message ' || g,
         'smtp', now() - make_interval(mins => g), case when g % 50 <> 0 then now() - make_interval(mins => g) end
       from generate_series(1, $1::int) g`,
      [2000, VOLUMES.users]
    );
    await db.query(
      `insert into webhook_endpoints (url, events, description, secret, enabled, disabled_reason)
       values ('https://hooks.example.com/a', '{*}', 'CRM', 'whsec_seeded_a', true, null),
              ('https://hooks.example.com/b', '{payment.completed}', 'Accounting', 'whsec_seeded_b', false,
               'too many failures')`
    );
    await db.query(
      `insert into webhook_deliveries (endpoint_id, event_id, event_type, body, status, attempts)
       select 1 + g % 2, gen_random_uuid(), 'payment.completed', '{}', case when g % 10 = 0 then 'failed' else 'delivered' end,
         case when g % 10 = 0 then 8 else 1 end
       from generate_series(1, 200) g`
    );
  } finally {
    await db.end();
  }
}

/** Fresh statistics, as autovacuum would soon have them: the planner then sees the volumes. */
async function analyze(connect: Connect, services: readonly string[]): Promise<void> {
  await Promise.all(
    services.map(async (service) => {
      const db = await connect(service);
      try {
        await db.query('analyze');
      } finally {
        await db.end();
      }
    })
  );
}

/** A plain client as the repositories' Queryable, to run a service's own query on it. */
function queryable(db: pg.Client): Queryable {
  return {
    async query<R extends object>(sql: unknown, params?: readonly unknown[]) {
      const result = await db.query(sql as string, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await db.query(sql);
    }
  };
}

/**
 * What the services would notice first, checked with their own queries: the payment service's reconciliation (every
 * payment's ledger rows sum to what it keeps), seats_taken against the registrations, a paid event's confirmed
 * registrations each naming a payment. Throws on the first that does not hold.
 */
async function checkInvariants(connect: Connect): Promise<void> {
  const payments = await connect('payment');
  try {
    const mismatches = await countLedgerMismatches(queryable(payments));
    if (mismatches !== 0) throw new Error(`seeding broke the ledger: ${mismatches} payments do not balance`);
  } finally {
    await payments.end();
  }
  const events = await connect('event');
  try {
    const { rows } = await events.query<{ seats: string; unpaid: string }>(
      `select (select count(*) from events e where e.seats_taken <> (select count(*) from registrations r
                 where r.event_id = e.id and r.status in ('confirmed', 'pending_payment'))) as seats,
              (select count(*) from registrations r join events e on e.id = r.event_id
                where e.price is not null and r.status = 'confirmed' and r.payment_id is null) as unpaid`
    );
    if (rows[0]!.seats !== '0' || rows[0]!.unpaid !== '0')
      throw new Error(`seeding broke the events: ${rows[0]!.seats} seat counts off, ${rows[0]!.unpaid} unpaid`);
  } finally {
    await events.end();
  }
}

/**
 * Seeds every service's database of a running system whose first account (the admin, id 1) exists already.
 * Independent services in parallel; what reads another's rows after it.
 */
export async function seedVolumes(connect: Connect): Promise<Seeded> {
  const began = performance.now();
  const parts: Record<string, number> = {};
  const timed = async <T>(name: string, work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work;
    parts[name] = (performance.now() - t0) / 1000;
    return result;
  };
  const [busiestEventId] = await Promise.all([
    timed('events', seedEvents(connect)),
    timed('people', seedPeople(connect)),
    timed('clients', seedClients(connect)),
    timed('notifications', seedNotifications(connect))
  ]);
  await Promise.all([
    timed('payments', seedPayments(connect)),
    timed('resources', seedResources(connect)),
    timed('activity', seedAdminActivity(connect))
  ]);
  await timed('client totals', seedClientTotals(connect));
  await timed('check', checkInvariants(connect));
  await timed('analyze', analyze(connect, ['auth', 'user', 'event', 'client', 'payment', 'resource', 'notification']));
  const seconds = (performance.now() - began) / 1000;
  const counts: Record<string, number> = {};
  const tally = async (service: string, tables: string[]) => {
    const db = await connect(service);
    try {
      for (const t of tables) counts[`${service}.${t}`] = await count(db, t);
    } finally {
      await db.end();
    }
  };
  await Promise.all([
    tally('auth', ['accounts']),
    tally('event', ['events', 'registrations']),
    tally('client', ['clients']),
    tally('payment', ['payments', 'transactions', 'invoices']),
    tally('resource', ['allocations'])
  ]);
  return { busiestEventId, seconds, counts, parts };
}
