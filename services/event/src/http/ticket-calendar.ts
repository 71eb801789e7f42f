// The ticket's .ics is written by the platform's documents, so the one the notification service mails is this one.
export { renderTicketCalendar } from '@style-flow/platform/documents';
