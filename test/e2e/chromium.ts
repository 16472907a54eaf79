/**
 * Debian's Chromium for the browser tests (never a downloaded browser): where it is, and how it is
 * launched (headless, a fresh temporary profile, no background traffic).
 */
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
