import { createHash } from 'node:crypto';
import { CheckInCreated, type CheckInConflictReason } from '@style-flow/contracts';
import { AppError, eventOf, type Principal, type Queryable } from '@style-flow/platform';
import {
  findScan,
  findScanTarget,
  firstCheckIn,
  insertCheckIn,
  insertDuplicateCheckIn,
  keepScanAnswer,
  type CheckInRow,
  type NewCheckIn,
  type ScanKey
} from '../data/check-in-repository.ts';
import { lockTicketHolder, type TicketHolderRow } from '../data/ticket-repository.ts';
import type { EventContext } from '../event-context.ts';
import { assertEventStaff } from './event-rights.ts';
import { checkInSnapshot } from './snapshots.ts';
import { normalizeCode } from './ticket-code.ts';
import type { ReadCode } from './ticket-keys.ts';

/**
 * Why a scan is refused, for the scanner to show: `unknown` (not a code of this service, or of no registration),
 * `forged` (not signed by the service's key), `other_event`, `revoked` (an older issue of a re-issued ticket), and
 * the registration's state: `cancelled`, `unpaid` (held waiting for payment), `waitlisted`.
 */
export type TicketRefusal = 'unknown' | 'forged' | 'other_event' | CheckInConflictReason;

export interface Scan {
  code: string;
  listId?: number | undefined;
  nonce: string;
  /** When the scanner read the code (an instant); absent: now. */
  scannedAt?: string | undefined;
  /** An offline scan that already let the person in: recorded whatever it conflicts with, and said so. */
  force: boolean;
}

export type FirstCheckIn = CheckInRow & { list_name: string };

export type ScanOutcome =
  | { kind: 'checked_in'; checkIn: CheckInRow; listName: string; holder: TicketHolderRow; first: FirstCheckIn | null }
  | { kind: 'already_checked_in'; first: FirstCheckIn; holder: TicketHolderRow }
  | { kind: 'refused'; reason: TicketRefusal };

/** The answer a scan got, kept with its nonce. */
export interface ScanAnswer {
  status: number;
  body: unknown;
  location: string | null;
}

// A scanner's clock may run a little ahead of the server's; a scan from further in the future is a mistake.
const CLOCK_SKEW_MS = 5 * 60_000;

/** The rules a genuine ticket of this event breaks now, the registration's state first. */
function rulesBroken(holder: TicketHolderRow, version: number): CheckInConflictReason[] {
  const broken: CheckInConflictReason[] = [];
  if (holder.status === 'cancelled') broken.push('cancelled');
  if (holder.status === 'pending_payment') broken.push('unpaid');
  if (holder.status === 'waitlisted') broken.push('waitlisted');
  if (version < holder.ticket_version) broken.push('revoked');
  return broken;
}

const fingerprintOf = (scan: Scan) =>
  createHash('sha256')
    .update(JSON.stringify([normalizeCode(scan.code), scan.listId ?? null, scan.scannedAt ?? null, scan.force]))
    .digest('hex');

/**
 * The list a scan goes on, once the scan may be made at all: the event exists, the caller is its staff, the list
 * named is one of the event's (or the event's default list), and the scan is not from the future.
 */
async function listOfScan(ctx: EventContext, eventId: number, scan: Scan, actor: Principal) {
  if (scan.scannedAt !== undefined && Date.parse(scan.scannedAt) > Date.now() + CLOCK_SKEW_MS)
    throw new AppError('VALIDATION_FAILED', 'scanned_at is in the future.', {
      errors: [{ path: '/scanned_at', message: 'must not be in the future' }]
    });
  const target = await findScanTarget(ctx.db, eventId, scan.listId ?? null);
  if (!target) throw new AppError('NOT_FOUND', `No event ${eventId}.`);
  assertEventStaff(target, actor);
  if (target.list_id === null || target.list_name === null)
    throw new AppError('UNKNOWN_CHECK_IN_LIST', `Event ${eventId} has no check-in list ${scan.listId}.`, {
      errors: [{ path: '/list_id', message: 'is not a check-in list of this event' }]
    });
  return { id: target.list_id, name: target.list_name };
}

/** Thrown to roll back a scan whose nonce turned out to be answered already: what it did is undone. */
class AnsweredBefore extends Error {}

/**
 * Checks a ticket in at the door (SPEC §3.3). The ticket is judged and recorded, and the answer kept under the
 * scan's nonce, in one transaction: a retry of the scan (the same nonce, by the same scanner, at the same event)
 * finds the nonce answered, is rolled back, and gets the first answer — it is never a second scan. Exactly one scan
 * per ticket and list succeeds under any concurrency — the database's unique index decides; every later one is
 * ALREADY_CHECKED_IN, naming the first. A forced scan (made offline) of a genuine ticket is recorded whatever it
 * conflicts with, and the answer says what. There is no window in time: offline scans arrive after the doors close,
 * and organisers record attendance after the event; the code and the registration's state decide, not the clock.
 * `answerOf` turns the outcome into the HTTP answer that is sent and kept.
 */
export async function checkInTicket(
  ctx: EventContext,
  eventId: number,
  scan: Scan,
  actor: Principal,
  answerOf: (outcome: ScanOutcome) => ScanAnswer,
  traceparent?: string
): Promise<{ answer: ScanAnswer; replayed: boolean }> {
  const list = await listOfScan(ctx, eventId, scan, actor);
  const read = ctx.tickets.read(scan.code);
  const key: ScanKey = { eventId, scannerId: actor.userId, nonce: scan.nonce };
  const fingerprint = fingerprintOf(scan);
  // The nonce is claimed last, with the answer: a retry is rare, and a scan then costs one statement less.
  try {
    return await ctx.db.transaction(async (tx) => {
      const outcome = await judge(ctx, tx, { eventId, list, read, scan, scannerId: actor.userId }, traceparent);
      const answer = answerOf(outcome);
      if (!(await keepScanAnswer(tx, key, fingerprint, answer))) throw new AnsweredBefore();
      return { answer, replayed: false };
    });
  } catch (error) {
    if (!(error instanceof AnsweredBefore)) throw error;
    return { answer: await replay(ctx.db, key, fingerprint), replayed: true };
  }
}

/** The first answer to a nonce; the same nonce with another request is refused, as a key used twice would be. */
async function replay(db: Queryable, key: ScanKey, fingerprint: string): Promise<ScanAnswer> {
  const first = await findScan(db, key);
  if (!first) throw new Error(`the scan ${key.nonce} of event ${key.eventId} was answered, yet has no answer`);
  if (first.fingerprint !== fingerprint)
    throw new AppError('NONCE_REUSED', 'This nonce was sent with another scan; every scan needs a nonce of its own.', {
      errors: [{ path: '/nonce', message: 'was used for another scan' }]
    });
  return first.answer;
}

interface Judging {
  eventId: number;
  list: { id: number; name: string };
  read: ReadCode;
  scan: Scan;
  scannerId: number;
}

async function judge(ctx: EventContext, tx: Queryable, j: Judging, traceparent?: string): Promise<ScanOutcome> {
  const refused = (reason: TicketRefusal): ScanOutcome => ({ kind: 'refused', reason });
  if ('refused' in j.read) return refused(j.read.refused);
  const { claims } = j.read;
  if (claims.eventId !== j.eventId) return refused('other_event');
  const holder = await lockTicketHolder(tx, j.eventId, claims.registrationId);
  // A version beyond the registration's was never issued: only a lost database could make one.
  if (!holder || claims.version > holder.ticket_version) return refused('unknown');
  const broken = rulesBroken(holder, claims.version);
  if (broken.length > 0 && !j.scan.force) return refused(broken[0]!);
  const entry: NewCheckIn = {
    eventId: j.eventId,
    listId: j.list.id,
    registrationId: holder.id,
    ticketVersion: claims.version,
    scannerId: j.scannerId,
    scannedAt: j.scan.scannedAt ?? null,
    forced: j.scan.force,
    conflicts: broken
  };
  const announce = (c: CheckInRow) =>
    ctx.emit(tx, [eventOf(CheckInCreated, holder.id, checkInSnapshot(c, holder.user_id), traceparent)]);
  const checkIn = await insertCheckIn(tx, entry);
  if (checkIn) {
    await announce(checkIn);
    return { kind: 'checked_in', checkIn, listName: j.list.name, holder, first: null };
  }
  const first = await firstCheckIn(tx, j.list.id, holder.id);
  if (!first)
    throw new Error(`registration ${holder.id} holds no check-in on list ${j.list.id}, yet its insert conflicted`);
  if (!j.scan.force) return { kind: 'already_checked_in', first, holder };
  const duplicate = await insertDuplicateCheckIn(
    tx,
    { ...entry, conflicts: ['already_checked_in', ...broken] },
    first.id
  );
  await announce(duplicate);
  return { kind: 'checked_in', checkIn: duplicate, listName: j.list.name, holder, first };
}
