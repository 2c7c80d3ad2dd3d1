// Steps shared by the end-to-end tests, written the way a user acts: tap names and keypad digits, type, press Enter.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { ensureRendererBuilt } from '../helpers/renderer-build';
import { serveDemoBooth, type ServedBooth } from '../hosts/booth-host';

export async function tapPin(page: Page, pin: string): Promise<void> {
  for (const d of pin) await page.getByRole('button', { name: `Digit ${d}` }).click();
}

export async function signIn(page: Page, url: string, name: string, pin: string, screen = 'gate'): Promise<void> {
  await page.goto(`${url}/#/${screen}`);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await tapPin(page, pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Booth status').waitFor();
}

/** Types like a keyboard-wedge scanner: the characters, then Enter, into whatever has focus. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}

/** Scans at the gate and waits for the new decision (each has its own id) to fill the panel; returns its text. */
export async function gateCheck(page: Page, code: string): Promise<string> {
  const decision = page.getByRole('status', { name: 'Gate decision' });
  const before = await decision.getAttribute('data-decision-id');
  await scan(page, code);
  await expect.poll(() => decision.getAttribute('data-decision-id')).not.toBe(before);
  return (await decision.textContent()) ?? '';
}

const axeSource = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Runs axe in the page and returns the serious and critical violations (id: first target). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which our CSP (rightly) does not let a <script> tag do.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes[0]?.target)}`);
  });
  return result;
}

/**
 * One demo booth served on a loopback port and one Chromium for a whole test file, started before its tests and
 * closed after them. Use `env.s` (the served booth) and `env.browser` inside the tests.
 */
export function withDemoBooth(): { s: ServedBooth; browser: Browser } {
  const env = {} as { s: ServedBooth; browser: Browser };
  beforeAll(async () => {
    env.s = await serveDemoBooth(ensureRendererBuilt());
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.s?.stop();
  });
  return env;
}
