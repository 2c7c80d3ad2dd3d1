// Every way the gate says no, as the attendant sees it: the reason in plain words on the red panel.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { PassSigner } from '../../src/shared/pass';
import { launchBrowser, openPage } from '../helpers/browser';
import { ensureRendererBuilt } from '../helpers/renderer-build';
import { serveDemoBooth, type ServedBooth } from '../hosts/booth-host';
import { gateCheck, seriousA11yViolations, signIn } from './pages';

let s: ServedBooth;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  s = await serveDemoBooth(ensureRendererBuilt());
  browser = await launchBrowser();
  ({ page, errors } = await openPage(browser));
  await signIn(page, s.host.url, DEMO.staff.attendant.name, DEMO.staff.attendant.pin);
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('DENY reasons at the gate', () => {
  it('denies a valid pass issued for another lot', async () => {
    const server = PassSigner.generate();
    s.booth.trustPassKey(server.publicKey, 'server');
    const now = Date.now();
    const pass = server.sign({ booking_id: randomUUID(), lot_id: randomUUID(), valid_from: now - 60_000, valid_until: now + 3600_000, plate: 'ZZ99ZZZ' });
    expect(await gateCheck(page, pass)).toMatch(/DENY.*Pass is for another lot/);
  });

  it('denies a car that is already inside (anti-passback), saying since when', async () => {
    const inside = s.booth.demo.passes.find((p) => p.note === 'already inside')!;
    // A check-in before local midnight also names its day ("since 27 Nov 23:01"), e.g. when run just after midnight.
    expect(await gateCheck(page, inside.pass)).toMatch(/DENY.*Already inside.*since (\d{1,2} \w{3} )?\d\d:\d\d/);
  });

  it('denies a pass before its window, saying when entry opens; the attendant may admit anyway with a reason', async () => {
    const tomorrow = s.booth.demo.passes.find((p) => p.note.startsWith('tomorrow'))!;
    expect(await gateCheck(page, tomorrow.pass)).toMatch(/DENY.*Too early.*entry from/);
    await page.getByRole('button', { name: 'Admit anyway…' }).click();
    await page.getByLabel(`Reason to admit ${tomorrow.plate}`).fill('Barrier fault, driver early for a flight');
    await page.getByRole('button', { name: 'Admit', exact: true }).click();
    const decision = page.getByRole('status', { name: 'Gate decision' });
    await expect.poll(() => decision.textContent()).toContain('ADMIT');
    expect(await page.getByLabel('Scan a pass or type a PIN').evaluate((el: { matches(q: string): boolean }) => el.matches(':focus'))).toBe(true);
  });

  it('locks PIN entry after five wrong PINs, and says so even for a right PIN', async () => {
    const wrong = ['0001', '0002', '0003', '0004', '0005'];
    for (const pin of wrong) expect(await gateCheck(page, pin)).toMatch(/DENY.*Unknown pass or PIN/);
    const right = s.booth.demo.passes.find((p) => p.note === 'valid for 30 days')!;
    expect(await gateCheck(page, right.pin)).toMatch(/DENY.*PIN entry locked.*opens again at \d\d:\d\d/);
    // A scanned pass still works while PINs are locked.
    expect(await gateCheck(page, right.pass)).toContain('ADMIT');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
