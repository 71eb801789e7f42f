// The ticket's PDF is drawn by the platform's documents, so the one the notification service mails is this one.
export { renderTicketPdf, whenText } from '@style-flow/platform/documents';
