// One person at the console: a browser context of their own (cookies, language, screen), and what went wrong in it
// while they used the pages — a Content-Security-Policy violation, a script error, a sub-resource that failed.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { translator, type Locale, type Translate } from '../../../src/i18n/locale.ts';

export const DESKTOP = { width: 1280, height: 800 };
/** A phone (the size of a common one), for the pages used standing at a door. */
export const PHONE = { width: 390, height: 844 };

export interface Person {
  name: string;
  locale: Locale;
  /** The console's own texts in this person's language: the suite finds controls by what a person reads. */
  t: Translate;
  context: BrowserContext;
  page: Page;
  /** CSP violations, uncaught script errors and failed sub-resources, each with the page it happened on. */
  problems: string[];
  /** The HTTP status of the page now shown (its last navigation): an error page is not the page it stands for. */
  status: number;
}

const acceptLanguage: Record<Locale, string> = { en: 'en-GB,en;q=0.9', ru: 'ru-RU,ru;q=0.9,en;q=0.5' };

export async function openPerson(
  browser: Browser,
  baseURL: string,
  name: string,
  locale: Locale = 'en',
  viewport = DESKTOP
): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: locale === 'ru' ? 'ru-RU' : 'en-GB',
    extraHTTPHeaders: { 'accept-language': acceptLanguage[locale] },
    timezoneId: 'UTC',
    // Playwright's own CSP bypass stays off: the pages run under the policy the console sends.
    bypassCSP: false
  });
  const problems: string[] = [];
  // The page reports its own violations (the event the policy fires in the document), through a binding that the
  // policy cannot block since it is not a script of the page.
  await context.exposeBinding('reportCspViolation', ({ page }, line: string) =>
    problems.push(`CSP violation on ${page.url()}: ${line}`)
  );
  // (A string: this file is type-checked without the DOM's types; the code runs in the page.)
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (e) =>
      window.reportCspViolation(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ')'));`
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // Chromium also logs each violation; a 4xx page the suite opens on purpose logs "Failed to load resource",
    // which is not a problem of the page, so only the policy's messages count here.
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      problems.push(`console on ${page.url()}: ${message.text()}`);
  });
  const person: Person = { name, locale, t: translator(locale), context, page, problems, status: 0 };
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && response.frame() === page.mainFrame()) person.status = response.status();
    // The browser asks every site for /favicon.ico by itself; the console has none, and no page links one.
    if (request.resourceType() === 'document' || new URL(response.url()).pathname === '/favicon.ico') return;
    if (response.status() >= 400) problems.push(`${request.resourceType()} ${response.url()}: ${response.status()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.resourceType() !== 'document')
      problems.push(`${request.resourceType()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  return person;
}
