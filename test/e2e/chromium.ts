/**
 * Debian's Chromium for the browser tests (never a downloaded browser): where it is, and how it is
 * launched (headless, a fresh temporary profile, no background traffic).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Launches {@link CHROMIUM} headless (Playwright deletes the temporary profile on close). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Declares the suite when {@link CHROMIUM} is installed (or `CI` is set, where a missing browser must
 * fail); otherwise one pending test says how to install it.
 */
export function describeInChromium(title: string, suite: (this: Mocha.Suite) => void): void {
  if (!existsSync(CHROMIUM) && !process.env.CI) {
    describe(title, () => {
      it(`is pending: ${CHROMIUM} is missing (apt-get install chromium; CI installs it)`);
    });
    return;
  }
  describe(title, suite);
}
