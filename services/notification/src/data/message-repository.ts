import type { Queryable } from '@style-flow/platform';

export type MessageType =
  | 'welcome'
  | 'password_reset'
  | 'registration_confirmed'
  | 'registration_waitlisted'
  | 'registration_promoted'
  | 'hold_expired'
  | 'payment_receipt'
  | 'payment_refund'
  | 'event_changed'
  | 'event_cancelled'
  | 'webhook_disabled';

export type MessageStatus = 'queued' | 'retrying' | 'sent' | 'failed' | 'skipped';

export type MessageRow = {
  id: string;
  fact_id: string;
  recipient_id: number;
  type: MessageType;
  to_address: string | null;
  payload: Record<string, unknown>;
  status: MessageStatus;
  attempts: number;
  next_attempt_at: Date;
  last_response: string | null;
  locale: string | null;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  attachments: string[];
  channel: 'smtp' | 'mailbox' | null;
  created_at: Date;
  sent_at: Date | null;
};

const columns = `id::text, fact_id, recipient_id, type, to_address, payload, status, attempts, next_attempt_at,
  last_response, locale, subject, body_text, body_html, attachments, channel, created_at, sent_at`;
/** The same columns of the row an UPDATE … FROM names `m`. */
const claimedColumns = columns
  .split(',')
  .map((c) => `m.${c.trim()}`)
  .join(', ');

export interface NewMessage {
  factId: string;
  recipientId: number;
  type: MessageType;
  toAddress: string | null;
  payload: Record<string, unknown>;
}

/** Queues messages; one already queued for the same fact, recipient and kind is left as it is. */
export async function queueMessages(tx: Queryable, messages: readonly NewMessage[]): Promise<number> {
  if (messages.length === 0) return 0;
  const { rowCount } = await tx.query(
    `insert into messages (fact_id, recipient_id, type, to_address, payload)
     select * from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[])
     on conflict (fact_id, recipient_id, type) do nothing`,
    [
      messages.map((m) => m.factId),
      messages.map((m) => m.recipientId),
      messages.map((m) => m.type),
      messages.map((m) => m.toAddress),
      messages.map((m) => JSON.stringify(m.payload))
    ]
  );
  return rowCount ?? 0;
}

/**
 * Claims due messages for one worker: the rows are locked while claimed (SKIP LOCKED: two instances never take the
 * same row) and leased until `leaseMs` from now, so the send happens outside any transaction and a worker that dies
 * mid-send lets its rows go when the lease ends.
 */
export async function claimDueMessages(db: Queryable, limit: number, leaseMs: number): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    `update messages m set claimed_until = now() + $2 * interval '1 millisecond'
     from (select id from messages
           where status in ('queued', 'retrying') and next_attempt_at <= now()
             and (claimed_until is null or claimed_until < now())
           order by next_attempt_at, id limit $1 for update skip locked) due
     where m.id = due.id returning ${claimedColumns}`,
    [limit, leaseMs]
  );
  return rows;
}

/** When the next queued message is due (null: none is). */
export async function nextMessageDue(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `select min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) as at from messages
     where status in ('queued', 'retrying')`
  );
  return rows[0]?.at ?? null;
}

export interface Drawn {
  to: string;
  locale: string;
  subject: string;
  /** Only for the development mailbox. */
  text: string | null;
  html: string | null;
  attachments: string[];
}

/**
 * Sent: what it said is kept for the mailbox only, and a reset link's token leaves the row (a token in a table is a
 * password in a table; a resend asks for a new link instead).
 */
export async function markSent(
  db: Queryable,
  id: string,
  channel: 'smtp' | 'mailbox',
  response: string,
  drawn: Drawn
): Promise<void> {
  await db.query(
    `update messages set status = 'sent', channel = $2, last_response = $3, to_address = $4, locale = $5,
       subject = $6, body_text = $7, body_html = $8, attachments = $9, attempts = attempts + 1, sent_at = now(),
       claimed_until = null, payload = payload - 'token'
     where id = $1`,
    [id, channel, response, drawn.to, drawn.locale, drawn.subject, drawn.text, drawn.html, JSON.stringify(drawn.attachments)]
  );
}

/** A try that failed: `retryAt` null fails it for good (and a reset link's token leaves the row). */
export async function markFailedTry(
  db: Queryable,
  id: string,
  response: string,
  retryAt: Date | null,
  drawn: Pick<Drawn, 'to' | 'locale' | 'subject'> | null
): Promise<void> {
  await db.query(
    `update messages set status = $3, last_response = $2, next_attempt_at = coalesce($4, next_attempt_at),
       attempts = attempts + 1, claimed_until = null, to_address = coalesce($5, to_address),
       locale = coalesce($6, locale), subject = coalesce($7, subject),
       payload = case when $4::timestamptz is null then payload - 'token' else payload end
     where id = $1`,
    [id, response, retryAt ? 'retrying' : 'failed', retryAt, drawn?.to ?? null, drawn?.locale ?? null, drawn?.subject ?? null]
  );
}

/** Not sent and not to be: the recipient turned such messages off, or the message cannot be drawn. */
export async function markSkipped(db: Queryable, id: string, to: string, reason: string): Promise<void> {
  await db.query(
    `update messages set status = 'skipped', to_address = $2, last_response = $3, claimed_until = null,
       payload = payload - 'token' where id = $1`,
    [id, to, reason]
  );
}

/** Waits for a copy it needs (the fact came before the one it depends on): no try is counted. */
export async function postpone(db: Queryable, id: string, reason: string, at: Date): Promise<void> {
  await db.query(
    `update messages set next_attempt_at = $3, last_response = $2, claimed_until = null where id = $1`,
    [id, reason, at]
  );
}

/** A sent or failed message queued again (an admin's resend); null when it is in no such state. */
export async function requeueMessage(db: Queryable, id: number): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>(
    `update messages set status = 'queued', next_attempt_at = now(), claimed_until = null
     where id = $1 and status in ('sent', 'failed') and type <> 'password_reset' returning ${columns}`,
    [id]
  );
  return rows[0] ?? null;
}

export async function findMessage(db: Queryable, id: number): Promise<MessageRow | null> {
  const { rows } = await db.query<MessageRow>(`select ${columns} from messages where id = $1`, [id]);
  return rows[0] ?? null;
}

export interface MessageFilter {
  status?: MessageStatus | undefined;
  to?: string | undefined;
  type?: MessageType | undefined;
  mailbox?: boolean;
}

/** Newest first, `limit` after the message `after`. */
export async function listMessages(
  db: Queryable,
  filter: MessageFilter,
  after: number | null,
  limit: number
): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    `select ${columns} from messages
     where ($1::text is null or status = $1) and ($2::text is null or lower(to_address) = lower($2))
       and ($3::text is null or type = $3) and (not $4 or channel = 'mailbox') and ($5::bigint is null or id < $5)
     order by id desc limit $6`,
    [filter.status ?? null, filter.to ?? null, filter.type ?? null, filter.mailbox ?? false, after, limit]
  );
  return rows;
}
