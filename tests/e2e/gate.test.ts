// The attendant's first minutes, in real Chromium against the real web host and a demo booth.
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { openPage, shot } from '../helpers/browser';
import { gateCheck, seriousA11yViolations, tapPin, withDemoBooth } from './pages';

const env = withDemoBooth();

/** The same pass with one character of its signed body changed. */
function altered(pass: string): string {
  const i = 20;
  const c = pass[i] === 'A' ? 'B' : 'A';
  return pass.slice(0, i) + c + pass.slice(i + 1);
}

describe('gate in the browser', () => {
  it('signs the attendant in with the keypad, admits a scanned pass with its bay, and denies a forged one', async () => {
    const { page, errors } = await openPage(env.browser, env.s.host.url);

    await page.getByRole('button', { name: /Alex Attendant/ }).click();
    await tapPin(page, '9999');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/wrong/i);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await tapPin(page, DEMO.staff.attendant.pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const input = page.getByLabel('Scan a pass or type a PIN');
    await input.waitFor();
    await expect.poll(() => page.getByLabel('Booth status').textContent()).toContain(DEMO.lotName);
    expect(await input.evaluate((el: { matches(q: string): boolean }) => el.matches(':focus'))).toBe(true);

    // A keyboard-wedge scanner types the pass and Enter into whatever has focus.
    const pass = env.s.booth.demo.passes.find((p) => p.note === 'valid now')!;
    const admit = await gateCheck(page, pass.pass);
    expect(admit).toMatch(/ADMIT.*Bay 12/);
    expect(admit).toContain(pass.plate);
    expect(await input.inputValue()).toBe('');
    await page.screenshot({ path: shot('gate-admit') });

    const other = env.s.booth.demo.passes.find((p) => p.note === 'valid for 30 days')!;
    expect(await gateCheck(page, altered(other.pass))).toMatch(/DENY.*Forged or altered pass/);
    await page.screenshot({ path: shot('gate-deny') });

    // A reload keeps the session (sessionStorage) and lands back on the gate.
    await page.reload();
    await input.waitFor();
    expect(await page.getByLabel('Booth status').textContent()).toContain(DEMO.staff.attendant.name);

    // Recent decisions list both, newest first.
    const recent = page.getByRole('region', { name: 'Recent decisions' }).getByRole('listitem');
    await expect.poll(() => recent.count()).toBeGreaterThanOrEqual(2);
    expect(await recent.first().textContent()).toContain('DENY');
    expect(errors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    await page.close();
  });
});
