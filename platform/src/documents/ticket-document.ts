/**
 * What a ticket shows, whoever prints it: the event service when the registrant downloads it, the notification
 * service when it mails it (from the code the confirming fact carries). One layout, so both are the same ticket.
 */
export interface TicketDocument {
  event: {
    id: number;
    title: string;
    start_date: Date;
    end_date: Date;
    location: string | null;
    /** The IANA zone the event takes place in, where its time is printed; UTC when the copy does not know it. */
    time_zone?: string | undefined;
  };
  registrationId: number;
  /** The attendee's name as written (see attendeeName). */
  attendee: string;
  /** The issue of the ticket: a re-issue revokes the codes of the earlier ones. */
  version: number;
  /** The signed code the QR carries. */
  code: string;
}

/** A person's names as a copy of the users has them; null where no fact has told them yet. */
export type Names = { username: string | null; first_name: string | null; last_name: string | null };

/**
 * The name a ticket prints and a steward reads, as the person wrote it: first and last name, else the username;
 * a user not heard of yet is named by its id rather than left blank.
 */
export function attendeeName(names: Names, userId: number): string {
  const full = [names.first_name, names.last_name]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return full || names.username?.trim() || `User #${userId}`;
}
