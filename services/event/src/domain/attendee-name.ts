// The name a ticket prints: the platform's documents hold the rule, so a mailed ticket names its holder alike.
export { attendeeName, type Names } from '@style-flow/platform/documents';
