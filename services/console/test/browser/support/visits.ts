// How the suite's people use the console: open a page, look at it (axe, no token, a picture), sign up and sign in
// through the forms. Shared state: the tokens every session held (none may reach a page) and the kinds of page axe has
// already seen in each language.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Stack } from '../../../../../test/support/stack.ts';
import type { Locale } from '../../../src/i18n/locale.ts';
import { expectAccessible, expectNoToken, screenshot } from './checks.ts';
import { DESKTOP, openPerson, type Person } from './person.ts';
import { sessionReader } from './session-tokens.ts';

export const PASSWORD = 'password-0123';

/** A page axe has seen: its address (without the query) in one language. */
export interface Seen {
  pathname: string;
  locale: Locale;
}

export interface Visits {
  people: Person[];
  /** Every page axe has seen, in each language; error pages left out (they stand for no page of their own). */
  seen: Seen[];
  /** The addresses of the files people have downloaded (CSV, PDF, calendar). */
  downloads: string[];
  /** The access and refresh tokens of a person's session. */
  tokensOf(p: Person): Promise<string[]>;
  /** Ends what the visits hold open (the database connection). */
  close(): Promise<void>;
  person(name: string, locale?: Locale, viewport?: { width: number; height: number }): Promise<Person>;
  /** What every page passes: axe (once per kind of page and language), no token; its picture when named. */
  looked(p: Person, what: string, shot?: string): Promise<void>;
  /** Opens a page by its address (a bookmark, a link someone sent) and looks at it. */
  open(p: Person, path: string, what: string, shot?: string, status?: number): Promise<void>;
  signUp(p: Person, first?: string): Promise<void>;
  signIn(p: Person): Promise<void>;
}

export function visits(env: () => { browser: Browser; stack: Stack }): Visits {
  const people: Person[] = [];
  const tokens: string[] = [];
  const checked = new Set<string>();
  const seen: Seen[] = [];
  const sessions = sessionReader(() => env().stack);

  async function looked(p: Person, what: string, shot?: string) {
    // axe takes seconds a page: once for each kind of page in each language is every page it has to see.
    const key = `${what} ${p.locale}`;
    if (!checked.has(key)) {
      await expectAccessible(p.page, `${what} (${p.locale})`);
      if (p.status < 400) seen.push({ pathname: new URL(p.page.url()).pathname, locale: p.locale });
    }
    checked.add(key);
    await expectNoToken(p.page, tokens, what);
    if (shot) await screenshot(p.page, `${shot}.${p.locale}`);
  }

  async function open(p: Person, path: string, what: string, shot?: string, status = 200) {
    const response = await p.page.goto(path);
    assert.equal(response?.status(), status, `${what}: ${path}`);
    await looked(p, what, shot);
  }

  async function expectSignedIn(p: Person) {
    await p.page.getByText(p.t('nav.signedInAs', { name: p.name })).waitFor();
    tokens.push(...(await sessions.tokens(p)));
  }

  return {
    people,
    seen,
    downloads: [],
    tokensOf: (p) => sessions.tokens(p),
    close: () => sessions.close(),
    looked,
    open,
    async person(name, locale = 'en', viewport = DESKTOP) {
      const { browser, stack } = env();
      const p = await openPerson(browser, stack.url('gateway'), name, locale, viewport);
      people.push(p);
      return p;
    },
    /** A new account through the sign-up form, reached from the events page's own link. */
    async signUp(p, first) {
      const { page, t } = p;
      await open(p, '/app/', 'the events page');
      await page
        .getByRole('link', { name: t('nav.signUp') })
        .first()
        .click();
      await looked(p, 'the sign-up page');
      await page.getByLabel(t('field.username'), { exact: true }).fill(p.name);
      await page.getByLabel(t('field.email'), { exact: true }).fill(`${p.name}@example.com`);
      if (first) await page.getByLabel(t('field.firstName'), { exact: true }).fill(first);
      await page.getByLabel(t('field.password'), { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: t('signUp.submit') }).click();
      await page.getByText(t('signUp.done')).waitFor();
      await expectSignedIn(p);
      await looked(p, 'the events page, signed in');
    },
    /** Signs in on the sign-in page the person is on. */
    async signIn(p) {
      const { page, t } = p;
      await page.getByLabel(t('field.email'), { exact: true }).fill(`${p.name}@example.com`);
      await page.getByLabel(t('field.password'), { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: t('signIn.submit') }).click();
      // An account brings back the language of its profile, which need not be this browser's: someone who reads the
      // other one picks theirs with the language button, as a person would.
      const mine = page.getByText(t('nav.signedInAs', { name: p.name }));
      const theirs = page.getByRole('button', { name: t(`lang.${p.locale}`), exact: true });
      await mine.or(theirs).first().waitFor();
      if (!(await mine.isVisible())) await theirs.click();
      await expectSignedIn(p);
    }
  };
}
