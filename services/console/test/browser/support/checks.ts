// What every page the suite opens must pass: axe (no serious or critical finding), and no access or refresh token
// anywhere the page's scripts could reach — its DOM and every script it loads.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Fails naming each serious or critical rule axe finds, with the first elements it found it on. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Only violations are wanted: axe then skips drawing up the elements that passed, most of its time on a long page.
  const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.map(
    (v) =>
      `${v.id} (${v.impact}, ${v.nodes.length}×: ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')})`
  );
  assert.deepEqual(
    bad.map((v) => v.id),
    [],
    `axe on ${what} (${page.url()}): ${lines.join('; ')}`
  );
}

/** A JSON Web Token: two base64url parts starting `{"` and a signature. No page should ever hold one. */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/;

const scriptTexts = new Map<string, string>();

/** Neither the given tokens nor anything shaped like a JWT in the page's DOM or in the scripts it loads. */
export async function expectNoToken(page: Page, tokens: readonly string[], what: string): Promise<void> {
  const dom = await page.content();
  const sources = await Promise.all(
    (await page.locator('script[src]').all()).map(async (s) => new URL((await s.getAttribute('src'))!, page.url()).href)
  );
  const texts: [string, string][] = [[`the DOM of ${what}`, dom]];
  for (const src of sources) {
    if (!scriptTexts.has(src)) scriptTexts.set(src, await (await page.context().request.get(src)).text());
    texts.push([`script ${src}`, scriptTexts.get(src)!]);
  }
  for (const [where, text] of texts) {
    assert.doesNotMatch(text, JWT, `a token-shaped string in ${where}`);
    for (const token of tokens) assert.ok(!text.includes(token), `a session token in ${where}`);
  }
}

const screenshotDir = fileURLToPath(new URL('../../../../../docs/screenshots/', import.meta.url));

/** docs/screenshots/<name>.png, the whole page at the context's viewport width (the README shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true, animations: 'disabled' });
}
