// Issue 5's attendant flow in Chromium: scan → ADMIT → the manager's floor grid (another page) shows the bay
// occupied without reload → release with cash → the bay is available again.
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { openPage, shot } from '../helpers/browser';
import { gateCheck, seriousA11yViolations, signIn, withDemoBooth } from './pages';

const env = withDemoBooth();

describe('attendant flow with a live floor grid', () => {
  it('admits a scanned pass, shows the bay occupied live, releases it after an overstay for cash and frees the bay', async () => {
    const gate = await openPage(env.browser);
    const floor = await openPage(env.browser);
    await signIn(gate.page, env.s.host.url, DEMO.staff.attendant.name, DEMO.staff.attendant.pin);
    await signIn(floor.page, env.s.host.url, DEMO.staff.manager.name, DEMO.staff.manager.pin, 'floor');
    const bay12 = floor.page.getByRole('button', { name: /^Bay 12\b/ });
    // The booking holds bay 12 and starts now, so the grid shows it reserved until the car arrives.
    await expect.poll(() => bay12.getAttribute('data-state')).toBe('reserved_soon');
    expect(await seriousA11yViolations(floor.page)).toEqual([]);

    const pass = env.s.booth.demo.passes.find((p) => p.note === 'valid now')!;
    expect(await gateCheck(gate.page, pass.pass)).toMatch(/ADMIT.*Bay 12/);
    await expect.poll(() => bay12.getAttribute('data-state')).toBe('occupied');
    expect(await bay12.textContent()).toContain(pass.plate);
    await floor.page.screenshot({ path: shot('floor-grid') });

    // Nine hours later the booking (8 h) has overstayed, so there is a fee to pay in cash.
    env.s.advance(9 * 3600_000);

    // Release, keyboard only: Alt+2 opens Release, type the plate + Enter, the cash + Enter.
    await gate.page.keyboard.press('Alt+2');
    const search = gate.page.getByPlaceholder('Plate…');
    await search.waitFor();
    await expect.poll(() => search.evaluate((el: { matches(q: string): boolean }) => el.matches(':focus'))).toBe(true);
    await gate.page.keyboard.type(pass.plate);
    await gate.page.keyboard.press('Enter');
    const fee = gate.page.getByRole('region', { name: 'Fee' });
    await fee.waitFor();
    await expect.poll(() => gate.page.getByLabel('Cash received').evaluate((el: { matches(q: string): boolean }) => el.matches(':focus'))).toBe(true);
    await gate.page.keyboard.type('20');
    // Change = tendered − due, to the cent.
    const due = await fee.getByTestId('due').textContent();
    const [units, cents] = (due ?? '').split('.').map(Number) as [number, number];
    expect(units * 100 + cents).toBeGreaterThan(0);
    const change = 2000 - (units * 100 + cents);
    await expect.poll(() => fee.textContent()).toContain(`Change due ${Math.floor(change / 100)}.${String(change % 100).padStart(2, '0')}`);
    expect(await seriousA11yViolations(gate.page)).toEqual([]);
    await gate.page.screenshot({ path: shot('release') });
    await gate.page.keyboard.press('Enter');
    const done = gate.page.getByRole('status').filter({ hasText: 'Released' });
    await expect.poll(() => done.textContent()).toContain('Bay 12 is free');

    await expect.poll(() => bay12.getAttribute('data-state')).toBe('available');
    expect([...gate.errors, ...floor.errors]).toEqual([]);
  });
});
