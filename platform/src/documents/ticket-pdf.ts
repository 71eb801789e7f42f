import type { DocumentFonts } from './document-fonts.ts';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { TicketDocument } from './ticket-document.ts';

// A ticket is read by the person going to the event, so its time is the event's wall clock in the event's own zone,
// and the zone is named (the .ics carries the instants in UTC: a calendar converts them itself). An event announced
// before events had zones ran in UTC. The formatters are made once per zone: building one costs far more than using it.
const formatters = new Map<string, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();
function formattersIn(zone: string) {
  let f = formatters.get(zone);
  if (!f) {
    const day = { timeZone: zone, weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' } as const;
    const time = { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
    f = { day: new Intl.DateTimeFormat('en-GB', day), time: new Intl.DateTimeFormat('en-GB', time) };
    formatters.set(zone, f);
  }
  return f;
}

/**
 * `Fri, 1 December 2023, 10:00–18:00 Europe/Moscow` in the event's zone (`UTC` by default), or both days when the
 * event spans more than one there.
 */
export function whenText(start: Date, end: Date, zone = 'UTC'): string {
  const { day, time } = formattersIn(zone);
  const [startDay, endDay] = [day.format(start), day.format(end)];
  if (startDay === endDay) return `${startDay}, ${time.format(start)}–${time.format(end)} ${zone}`;
  return `${startDay}, ${time.format(start)} – ${endDay}, ${time.format(end)} ${zone}`;
}

const PAGE = { width: 419.53, height: 595.28 }; // A5
const MARGIN = 36;
const QUIET_ZONE = 4; // modules of white around the symbol, as the QR standard asks

/**
 * The QR symbol as vector rectangles, one per run of dark modules in a row, on a white square with its quiet zone:
 * sharp at any zoom and in print, and small.
 */
function drawQr(doc: PDFKit.PDFDocument, code: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 2 * QUIET_ZONE);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const from = col;
      while (col < modules.size && modules.get(row, col)) col++;
      doc.rect(x + (QUIET_ZONE + from) * cell, y + (QUIET_ZONE + row) * cell, (col - from) * cell, cell);
    }
  }
  doc.fill('#000000');
}

/** The code in groups of four, for a person who types it where no camera works. */
const grouped = (code: string) => code.match(/.{1,4}/g)!.join(' ');

function field(doc: PDFKit.PDFDocument, label: string, value: string, bold = false): void {
  const width = PAGE.width - 2 * MARGIN;
  doc.font('regular').fontSize(8).fillColor('#666666').text(label.toUpperCase(), MARGIN, doc.y, { width });
  doc
    .font(bold ? 'bold' : 'regular')
    .fontSize(bold ? 14 : 11)
    .fillColor('#000000')
    .text(value, { width });
  doc.moveDown(0.5);
}

/**
 * The ticket as a one-page A5 PDF (pdfkit): the event's title, time and place, the attendee's name as written, the
 * QR code the door scans, and the code in print for typing. Set in `fonts`, embedded as subsets.
 */
export function renderTicketPdf(t: TicketDocument, fonts: DocumentFonts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: MARGIN,
    info: { Title: `Ticket: ${t.event.title}`, Author: 'Style Flow', Subject: `Registration #${t.registrationId}` }
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold).registerFont('mono', fonts.mono);
  const width = PAGE.width - 2 * MARGIN;
  doc.font('bold').fontSize(10).fillColor('#666666').text('STYLE FLOW · TICKET', MARGIN, MARGIN, { width });
  // A long title is set smaller, so that the QR code keeps its room on the one page.
  const titleSize = t.event.title.length > 80 ? 13 : 17;
  doc.moveDown(0.6).font('bold').fontSize(titleSize).fillColor('#000000').text(t.event.title, { width });
  doc.moveDown(0.6);
  field(doc, 'When', whenText(t.event.start_date, t.event.end_date, t.event.time_zone ?? 'UTC'));
  field(doc, 'Where', t.event.location ?? '—');
  field(doc, 'Attendee', t.attendee, true);
  // The QR code below the fields: a long title or place leaves it less room, never less than a phone reads well.
  const below = 84;
  const top = doc.y + 16;
  const size = Math.max(120, Math.min(210, PAGE.height - MARGIN - below - top));
  drawQr(doc, t.code, (PAGE.width - size) / 2, top, size);
  doc
    .font('mono')
    .fontSize(7)
    .fillColor('#333333')
    .text(grouped(t.code), MARGIN + 20, top + size + 6, { width: width - 40, align: 'center' });
  doc
    .moveDown(0.6)
    .font('regular')
    .fontSize(7)
    .fillColor('#666666')
    .text(
      `Registration #${t.registrationId} · ticket issue ${t.version}. Show the code at the entrance; ` +
        'a ticket issued again replaces this one.',
      MARGIN,
      doc.y,
      { width, align: 'center' }
    );
  doc.end();
  return done;
}
