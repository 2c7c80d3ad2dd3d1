// Walk-in with an issued QR pass, the shift close with counted cash, and the manager's audit log of both.
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { openPage, shot } from '../helpers/browser';
import { seriousA11yViolations, signIn, withDemoBooth } from './pages';

const env = withDemoBooth();

describe('walk-in, shift close and audit', () => {
  it('admits a walk-in on the suggested bay with a QR pass, then closes the shift with the cash count', async () => {
    const { page, errors } = await openPage(env.browser);
    await page.goto(`${env.s.host.url}/#/walkin`);
    await page.getByRole('button', { name: new RegExp(DEMO.staff.attendant.name) }).click();
    await page.getByLabel('PIN').fill(DEMO.staff.attendant.pin);
    await page.getByLabel('Opening cash float (optional)').fill('50');
    await page.keyboard.press('Enter');
    const bay = page.getByLabel('Bay (nearest free suggested)');
    await expect.poll(() => bay.inputValue()).toMatch(/^\d+$/);
    const suggested = await bay.inputValue();

    await page.getByLabel('Plate').fill('wk12abc');
    await page.getByLabel('Model (optional)').fill('Skoda Octavia');
    await page.getByRole('button', { name: 'Admit and issue pass' }).click();
    const card = page.getByRole('region', { name: 'Issued pass' });
    await card.waitFor();
    expect(await card.textContent()).toContain(`Bay ${suggested}`);
    expect(await card.textContent()).toContain('WK12ABC');
    expect(await card.getByRole('img', { name: 'QR pass for WK12ABC' }).getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({ path: shot('walk-in') });
    // The next walk-in is offered another bay.
    await expect.poll(() => bay.inputValue()).not.toBe(suggested);

    await page.getByRole('link', { name: 'Shift' }).click();
    const figures = page.getByRole('region', { name: 'Shift' });
    await expect.poll(() => figures.textContent()).toMatch(/Entries \/ exits1 \/ 0/);
    await page.getByLabel('Cash counted').fill('1.50');
    await page.getByRole('button', { name: 'Close shift and sign out' }).click();
    const closed = page.getByRole('region', { name: 'Shift closed' });
    await closed.waitFor();
    // Float 50.00, no cash taken: 1.50 counted is 48.50 short.
    expect(await closed.textContent()).toMatch(/Float50\.00/);
    expect(await closed.textContent()).toMatch(/Cash counted1\.50/);
    expect(await closed.textContent()).toMatch(/Short48\.50/);
    await page.getByRole('button', { name: 'Hand over' }).click();
    await page.getByRole('heading', { name: 'Who is signing in?' }).waitFor();
    expect(errors).toEqual([]);
  });

  it("shows the manager an audit log with the attendant's walk-in and shift close", async () => {
    const { page, errors } = await openPage(env.browser);
    await signIn(page, env.s.host.url, DEMO.staff.manager.name, DEMO.staff.manager.pin, 'audit');
    const log = page.getByRole('region', { name: 'Audit log' });
    await expect.poll(() => log.textContent()).toContain('walkin.admit');
    await page.getByLabel('Kind').selectOption('staff.sign_out');
    await expect.poll(() => log.getByRole('row').count()).toBe(2);
    expect(await log.getByRole('row').nth(1).textContent()).toContain(DEMO.staff.attendant.name);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
