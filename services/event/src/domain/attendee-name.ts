/** A user's names as the local copy has them; null when no fact about the user has arrived yet. */
export type Names = { username: string | null; first_name: string | null; last_name: string | null };

/**
 * The name a ticket prints and a steward reads, as the person wrote it: first and last name, else the username;
 * a user the service has not heard of yet is named by its id rather than left blank.
 */
export function attendeeName(names: Names, userId: number): string {
  const full = [names.first_name, names.last_name]
    .map((part) => part?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return full || names.username?.trim() || `User #${userId}`;
}
