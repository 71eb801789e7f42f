import type { Queryable } from '@style-flow/platform';

export type RecipientRow = {
  user_id: number;
  email: string;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  role: string;
  status: string;
  locale: string | null;
  optional_messages: boolean;
};

export type RecipientFact = Omit<RecipientRow, 'locale' | 'optional_messages'> & {
  locale?: string | null | undefined;
  optional_messages?: boolean | undefined;
};

const columns = 'user_id, email, username, first_name, last_name, role, status, locale, optional_messages';

/**
 * Keeps the copy of a user as its latest fact tells it. A fact that does not carry the message preferences
 * (auth.user.registered, an older user event) leaves those the copy has.
 */
export async function keepRecipient(tx: Queryable, r: RecipientFact): Promise<void> {
  await tx.query(
    `insert into recipients (user_id, email, username, first_name, last_name, role, status, locale, optional_messages)
     values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, true))
     on conflict (user_id) do update set email = excluded.email, username = excluded.username,
       first_name = excluded.first_name, last_name = excluded.last_name, role = excluded.role,
       status = excluded.status,
       locale = case when $10 then excluded.locale else recipients.locale end,
       optional_messages = coalesce($9, recipients.optional_messages), updated_at = now()`,
    [
      r.user_id,
      r.email,
      r.username,
      r.first_name,
      r.last_name,
      r.role,
      r.status,
      r.locale ?? null,
      r.optional_messages ?? null,
      r.locale !== undefined
    ]
  );
}

export async function findRecipient(db: Queryable, userId: number): Promise<RecipientRow | null> {
  const { rows } = await db.query<RecipientRow>(`select ${columns} from recipients where user_id = $1`, [userId]);
  return rows[0] ?? null;
}

export async function activeAdmins(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ user_id: number }>(
    `select user_id from recipients where role = 'admin' and status = 'active' order by user_id`
  );
  return rows.map((r) => r.user_id);
}
