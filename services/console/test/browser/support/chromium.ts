// The browser of the console's browser suite: the distribution's Chromium (Debian's `chromium` package), driven by
// playwright-core, which downloads no browser of its own. A Playwright release speaks the DevTools protocol of one
// Chromium; the version is pinned in package.json to the one made for the installed Chromium, and checked here once.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inCI } from '@style-flow/platform/testing';
import { chromium, type Browser } from 'playwright-core';

/** Where the distribution puts Chromium; CHROMIUM_PATH names another. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A reason to skip on a machine without Chromium; in CI a missing browser is a failure (DESIGN §5). */
export function chromiumMissing(): string | false {
  if (existsSync(chromiumPath)) return false;
  if (inCI) throw new Error(`Chromium is required in CI but ${chromiumPath} does not exist (apt-get install chromium)`);
  return `Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

/** The Playwright release in use and the Chromium it was made for (its own browsers.json says). */
export function madeFor(): { playwright: string; chromium: string } {
  const manifest = createRequire(import.meta.url).resolve('playwright-core/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  const { browsers } = JSON.parse(readFileSync(join(dirname(manifest), 'browsers.json'), 'utf8')) as {
    browsers: { name: string; browserVersion: string }[];
  };
  return { playwright: version, chromium: browsers.find((b) => b.name === 'chromium')!.browserVersion };
}

export const major = (version: string) => version.split('.')[0];

/** Chromium, launched once for the suite; a Chromium that is not the one this Playwright speaks to fails in one line. */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: chromiumPath });
  const expected = madeFor();
  if (major(browser.version()) !== major(expected.chromium)) {
    await browser.close();
    throw new Error(
      `Chromium ${browser.version()} at ${chromiumPath}, but playwright-core ${expected.playwright} is made for Chromium ` +
        `${major(expected.chromium)}: install that Chromium or pin the Playwright release made for this one`
    );
  }
  return browser;
}
