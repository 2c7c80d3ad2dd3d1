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
});
