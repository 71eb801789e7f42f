// A datetime-local input has no zone: the staff event form reads and writes it as the wall clock in the event's zone,
// and the API takes and gives instants. Intl knows each zone's offsets; these convert between the two.

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of `zone` as its parts, made once per zone (building one costs far more than using it). */
function wallClockOf(zone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(zone);
  if (!f)
    wallClocks.set(
      zone,
      (f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit'
      }))
    );
  return f;
}

/** The instant of a UTC date with these fields; unlike Date.UTC, years 0..99 are those years, not 1900 onwards. */
function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The wall clock in `zone` at an instant, as milliseconds of a UTC date with the same fields. */
function wallMillis(at: number, zone: string): number {
  const parts = Object.fromEntries(
    wallClockOf(zone)
      .formatToParts(at)
      .map((p) => [p.type, p.value])
  );
  const field = (name: string) => Number(parts[name]);
  return utcOf(field('year'), field('month'), field('day'), field('hour'), field('minute'), field('second'));
}

/** `2026-05-01T07:00:00.000Z` as a datetime-local input in Europe/Moscow shows it: `2026-05-01T10:00`. */
export function wallTimeIn(iso: string, zone: string): string {
  const wall = new Date(wallMillis(Date.parse(iso), zone)).toISOString();
  // toISOString writes years before 0 and after 9999 with six digits and a sign; an input takes four.
  return wall.length === 24 ? wall.slice(0, 16) : '';
}

/**
 * `2026-05-01T10:00` typed for Europe/Moscow as the instant it names (`2026-05-01T07:00:00.000Z`), or null when it is
 * not a date-time. The zone's offsets either side of the wall time are tried: a time the clocks repeat in autumn is
 * its first occurrence, and a time they skip in spring is read at the offset before the change (02:30 in Berlin on
 * the last Sunday of March is 03:30 summer time), as calendars do.
 */
export function instantOfWallTime(value: string, zone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = utcOf(year, month, day, hour, minute, second);
  // A day that does not exist (2026-02-31) would roll over into the next month: it is refused, not moved.
  if (new Date(wall).getUTCDate() !== day) return null;
  const offsetAt = (at: number) => wallMillis(at, zone) - at;
  // Offsets change by at most a day; those a day either side of the wall time are the two it may fall between.
  const candidates = [...new Set([offsetAt(wall - 86_400_000), offsetAt(wall + 86_400_000)])]
    .map((offset) => wall - offset)
    .sort((a, b) => a - b);
  const exact = candidates.find((at) => wallMillis(at, zone) === wall);
  return new Date(exact ?? wall - offsetAt(candidates[0]! - 86_400_000)).toISOString();
}
