import type { TicketDocument } from './ticket-document.ts';

// The ticket as an iCalendar object (RFC 5545), for a calendar to import: one VEVENT at the event's instants in UTC.
// The code is left out: a calendar is shared and synced in ways a ticket should not be.

/** A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
const text = (value: string) => value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');

/** 20231201T100000Z */
const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/**
 * A content line folded at 75 octets (RFC 5545 §3.1): each continuation starts with a space, and no UTF-8 character
 * is split between lines.
 */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    // A continuation line's leading space counts against its 75 octets.
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function renderTicketCalendar(t: TicketDocument, now: Date = new Date()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Style Flow//Tickets//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:event-${t.event.id}-registration-${t.registrationId}@style-flow`,
    `DTSTAMP:${utc(now)}`,
    `DTSTART:${utc(t.event.start_date)}`,
    `DTEND:${utc(t.event.end_date)}`,
    `SUMMARY:${text(t.event.title)}`,
    ...(t.event.location ? [`LOCATION:${text(t.event.location)}`] : []),
    `DESCRIPTION:${text(`Ticket for ${t.attendee}, registration #${t.registrationId}.`)}`,
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR'
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
