// Real Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core, for end-to-end tests.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--headless',
];

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
}

/** A page that records console errors and uncaught exceptions, so tests can assert there were none. */
export async function openPage(context: Browser | BrowserContext, url?: string): Promise<{ page: Page; errors: string[] }> {
  const page = 'contexts' in context ? await context.newPage({ viewport: { width: 1280, height: 800 } }) : await context.newPage();
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  if (url) await page.goto(url);
  return { page, errors };
}

/** Where tests save screenshots (shown in the README): tests/artifacts/screenshots/<name>.png. */
export function shot(name: string): string {
  const dir = join(process.cwd(), 'tests', 'artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
