// Every advisory lock id of the system in one place, so that no two purposes ever share one. Each service
// has its own database, so ids need only be unique within one; they are kept unique overall all the same.
export const AdvisoryLocks = {
  /** Migrations of one database apply one instance at a time. */
  migrations: 7_013_001,
  /** One outbox relay per database publishes; another instance waits as a standby. */
  outboxRelay: 7_013_002,
  /** auth: registrations one at a time, so that "the first account is admin" holds (uniqueness is the indexes' job). */
  authRegistration: 7_013_101,
  /** user: role and status changes one at a time, so two admins demoting each other cannot leave no admin. */
  userAdmins: 7_013_201,
  /** client: creations and identity changes one at a time, so the duplicate check of each sees the others. */
  clientIdentity: 7_013_501
} as const;

/** Takes a transaction-level advisory lock: held until the transaction ends. */
export async function lockForTransaction(
  tx: { query(sql: string, params?: readonly unknown[]): Promise<unknown> },
  lock: number
): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [lock]);
}
