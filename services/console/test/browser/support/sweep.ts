// Every page of the console, opened in one language once the walkthrough has filled the system: each passes axe and
// holds no token, and the main ones are photographed for the README (docs/screenshots/<name>.<locale>.png). A new
// page of the console belongs in this table: the suite fails on a GET route of the console that no one looked at in
// both languages, downloaded, or that is named below as no page of its own.
import type { Person } from './person.ts';
import type { Visits } from './visits.ts';

export interface Ids {
  event: number;
  client: number;
  resource: number;
  transfer: number;
  /** The seed's payment: «ООО Пример» billed 5000 RUB. */
  billed: number;
  /** A second «Пример», entered by mistake: the duplicate the merge preview shows. */
  duplicate: number;
  /** The colleague made a manager (and later a user again). */
  user: number;
  webhook: number;
}

export interface Entry {
  path: (ids: Ids) => string;
  what: string;
  /** The screenshot's name, for the pages the README shows. */
  shot?: string;
  status?: number;
}

/** What someone who has not signed in sees. */
const visitorPages: Entry[] = [
  { path: () => '/app/', what: 'the events page, signed out' },
  { path: (i) => `/app/events/${i.event}`, what: 'the event page, signed out' },
  { path: () => '/app/sign-in', what: 'the sign-in page', shot: 'sign-in' },
  { path: () => '/app/sign-up', what: 'the sign-up page', shot: 'sign-up' },
  { path: () => '/app/reset-password', what: 'the password reset page' },
  // The link of the reset mail: any token draws the form (the API judges it when the form is sent).
  { path: () => '/app/reset-password?token=a-token-from-the-mail', what: 'the new password page' },
  { path: () => '/app/no-such-page', what: 'the 404 page', status: 404 }
];

/** The admin's pages: an attendee's own, then the staff areas. */
const adminPages: Entry[] = [
  { path: () => '/app/', what: 'the events page, signed in', shot: 'events' },
  { path: (i) => `/app/events/${i.event}`, what: 'the event page', shot: 'event' },
  { path: (i) => `/app/events/${i.event}/pay`, what: 'the pay page' },
  { path: () => '/app/my/registrations', what: 'my registrations' },
  { path: () => '/app/my/payments', what: 'my payments', shot: 'my-payments' },
  { path: () => '/app/my/profile', what: 'my profile' },
  { path: () => '/app/staff', what: 'the dashboard', shot: 'dashboard' },
  { path: () => '/app/staff/events', what: 'the staff events list', shot: 'staff-events' },
  { path: () => '/app/staff/events/new', what: 'the new event form' },
  { path: (i) => `/app/staff/events/${i.event}`, what: 'the staff event page', shot: 'staff-event' },
  { path: (i) => `/app/staff/events/${i.event}/edit`, what: 'the event edit form' },
  { path: (i) => `/app/staff/events/${i.event}/cancel`, what: 'the event cancel confirmation' },
  { path: (i) => `/app/staff/events/${i.event}/registrations`, what: 'the registrations list', shot: 'registrations' },
  { path: () => '/app/staff/clients', what: 'the clients list', shot: 'clients' },
  { path: (i) => `/app/staff/clients/${i.client}`, what: 'the client page', shot: 'client' },
  { path: (i) => `/app/staff/clients/${i.duplicate}/archive`, what: 'the client archive confirmation' },
  { path: (i) => `/app/staff/clients/${i.client}/merge`, what: 'the merge search' },
  {
    path: (i) => `/app/staff/clients/${i.client}/merge?from=${i.duplicate}`,
    what: 'the merge preview',
    shot: 'client-merge'
  },
  { path: () => '/app/staff/resources', what: 'the resources list' },
  {
    path: (i) => `/app/staff/resources/${i.resource}?view=day&date=2030-12-01`,
    what: 'the resource page',
    shot: 'resource'
  },
  { path: (i) => `/app/staff/resources/${i.resource}?view=week&date=2030-12-01`, what: 'the resource week' },
  { path: () => '/app/staff/payments', what: 'the staff payments list', shot: 'staff-payments' },
  { path: (i) => `/app/staff/payments/${i.transfer}`, what: 'the staff payment page', shot: 'staff-payment' },
  { path: (i) => `/app/staff/payments/${i.transfer}/mark-paid`, what: 'the mark-paid confirmation' },
  { path: (i) => `/app/staff/payments/new?client_id=${i.client}`, what: 'the bill-a-client page', shot: 'bill' },
  { path: () => '/app/staff/payments/ledger', what: 'the ledger' },
  { path: () => '/app/admin/users', what: 'the users list', shot: 'users' },
  { path: (i) => `/app/admin/users/${i.user}`, what: 'a user page' },
  { path: (i) => `/app/admin/users/${i.user}/deactivate`, what: 'the deactivation confirmation' },
  { path: () => '/app/admin/webhooks', what: 'the webhooks list' },
  { path: (i) => `/app/admin/webhooks/${i.webhook}`, what: 'a webhook page' },
  { path: (i) => `/app/admin/webhooks/${i.webhook}/delete`, what: 'the webhook delete confirmation' },
  { path: () => '/app/admin/mail', what: 'the mail log' },
  { path: () => '/app/admin/mail/mailbox', what: 'the mailbox' },
  { path: () => '/app/check-in', what: 'the check-in event picker' }
];

/** The pages used standing at a door, on a phone. */
const phonePages: Entry[] = [
  { path: (i) => `/app/check-in/${i.event}`, what: 'the check-in page', shot: 'check-in.phone' }
];

export interface SweepPage extends Entry {
  who: 'visitor' | 'admin' | 'phone';
}

/** Every page the sweep opens, in order: a visitor's, the admin's, then the phone's. */
export const sweepPages: readonly SweepPage[] = [
  ...visitorPages.map((e) => ({ ...e, who: 'visitor' as const })),
  ...adminPages.map((e) => ({ ...e, who: 'admin' as const })),
  ...phonePages.map((e) => ({ ...e, who: 'phone' as const }))
];

/** GET routes of the console that are no page a person looks at, and why. */
export const notPages: Readonly<Record<string, string>> = {
  '/app/assets/:name': 'the style sheet and scripts every page loads (a failed one fails the suite)',
  '/app/check-in/:id/counts': 'the part of the check-in page that htmx polls (without htmx, a redirect to the page)'
};

/** The admin's own ticket (paid for in the walkthrough), reached from their registrations. */
export async function ticketPage(v: Visits, admin: Person): Promise<void> {
  const { page, t } = admin;
  await page.goto('/app/my/registrations');
  await page
    .getByRole('link', { name: t('ticket.show') })
    .first()
    .click();
  await v.looked(admin, 'the ticket page', 'ticket');
}
