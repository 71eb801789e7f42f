// The documents services hand to people (tickets, invoices): one layout each, drawn wherever one is needed. A
// subpath of its own, so that only the services that draw documents load pdfkit.
export * from './document-fonts.ts';
export * from './ticket-document.ts';
export * from './ticket-pdf.ts';
export * from './ticket-calendar.ts';
export * from './invoice-pdf.ts';
