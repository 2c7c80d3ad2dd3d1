// Release paths beyond cash: find by PIN, a lost pass adds its fee, and a waived (nil) payment needs a reason.
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { openPage } from '../helpers/browser';
import { gateCheck, signIn, withDemoBooth } from './pages';

const env = withDemoBooth();

describe('release', () => {
  it('finds a car by PIN, adds the lost-pass fee, and releases it with no charge only with a reason', async () => {
    const { page, errors } = await openPage(env.browser);
    await signIn(page, env.s.host.url, DEMO.staff.attendant.name, DEMO.staff.attendant.pin);
    const booking = env.s.booth.demo.passes.find((p) => p.note === 'valid for 30 days')!;
    expect(await gateCheck(page, booking.pin)).toContain('ADMIT');

    await page.keyboard.press('Alt+2');
    await page.getByText('PIN', { exact: true }).click();
    await page.getByPlaceholder('PIN…').fill(booking.pin);
    await page.keyboard.press('Enter');
    const fee = page.getByRole('region', { name: 'Fee' });
    await expect.poll(() => fee.textContent()).toContain(booking.plate);

    await fee.getByLabel('Lost pass').check();
    await expect.poll(() => fee.getByRole('row', { name: /Lost pass/ }).count()).toBe(1);
    expect(await fee.getByTestId('due').textContent()).toBe('20.00');

    await fee.getByText('No charge', { exact: true }).click();
    const complete = fee.getByRole('button', { name: 'Complete release' });
    await fee.getByLabel('Reason').fill('x');
    await complete.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Check: reason (too short: at least 3 characters).');

    await fee.getByLabel('Reason').fill('Regular customer, pass stolen with the car keys');
    await complete.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Released' }).textContent()).toContain(`Released ${booking.plate}: 0.00 paid (nil)`);
    expect(errors.filter((e) => !/400 \(Bad Request\)/.test(e))).toEqual([]);
  });

  it('releases a walk-in leaving within its free minutes as offered, and asks cash for the lost-pass fee', async () => {
    const { page, errors } = await openPage(env.browser);
    await signIn(page, env.s.host.url, DEMO.staff.attendant.name, DEMO.staff.attendant.pin, 'walkin');
    await page.getByLabel('Plate').fill('QUICK1');
    await page.getByRole('button', { name: 'Admit and issue pass' }).click();
    await page.getByRole('region', { name: 'Issued pass' }).waitFor();

    await page.keyboard.press('Alt+2');
    await page.getByPlaceholder('Plate…').fill('QUICK1');
    await page.keyboard.press('Enter');
    const fee = page.getByRole('region', { name: 'Fee' });
    await expect.poll(() => fee.textContent()).toContain('QUICK1');
    expect(await fee.getByTestId('due').textContent()).toBe('0.00');
    expect(await fee.getByText('Prepaid', { exact: true }).count()).toBe(0); // a walk-in paid nothing ahead
    // Lost pass: the fee appears and the form asks for it in cash (and a reason for the record).
    await fee.getByLabel('Lost pass').check();
    await expect.poll(() => fee.getByTestId('due').textContent()).not.toBe('0.00');
    await fee.getByLabel('Lost pass').uncheck();
    await expect.poll(() => fee.getByTestId('due').textContent()).toBe('0.00');
    await fee.getByRole('button', { name: 'Complete release' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Released' }).textContent()).toContain('Released QUICK1: 0.00 paid (cash)');
    expect(errors).toEqual([]);
  });
});
