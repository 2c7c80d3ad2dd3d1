// A walk-in refused because the lot is full: the attendant is told so in plain words and nothing is admitted. The
// free bays left are the ones owed to the pre-booked cars due now.
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { openPage } from '../helpers/browser';
import { rpc } from '../hosts/http';
import { seriousA11yViolations, signIn, withDemoBooth } from './pages';

const env = withDemoBooth();

describe('walk-in when the lot is full', () => {
  it('fills the last bay not owed to a pre-booked car, then refuses the next car with "Lot full" and admits nobody', async () => {
    const manager = ((await rpc(env.s.host.url, 'staff.signIn', { staff_id: DEMO.staff.manager.id, pin: DEMO.staff.manager.pin })).json() as { session_token: string }).session_token;
    const floor = (await rpc(env.s.host.url, 'floor.get', { lot_id: DEMO.lotId }, manager)).json() as { bays: Array<{ id: string; number: number; state: string }> };
    // Every free bay is blocked for maintenance except the highest-numbered ones: with the bays reserved for their
    // cars, one per pre-booked car due now, and one more for a walk-in.
    const due = ((await rpc(env.s.host.url, 'floor.counts', { lot_id: DEMO.lotId }, manager)).json() as { due_arrivals: number }).due_arrivals;
    const reserved = floor.bays.filter((b) => b.state === 'reserved_soon').length;
    const free = floor.bays.filter((b) => b.state === 'available');
    const keep = due + 1 - reserved;
    const last = free.at(-keep)!;
    for (const b of free.slice(0, -keep)) {
      expect((await rpc(env.s.host.url, 'floor.blockBay', { bay_id: b.id, reason: 'resurfacing' }, manager)).status).toBe(200);
    }

    const { page, errors } = await openPage(env.browser);
    await signIn(page, env.s.host.url, DEMO.staff.attendant.name, DEMO.staff.attendant.pin, 'walkin');
    const bay = page.getByLabel('Bay (nearest free suggested)');
    await expect.poll(() => bay.inputValue()).toBe(String(last.number));
    await page.getByLabel('Plate').fill('FULL1');
    await page.getByRole('button', { name: 'Admit and issue pass' }).click();
    const card = page.getByRole('region', { name: 'Issued pass' });
    await expect.poll(() => card.textContent()).toContain(`Bay ${last.number}`);

    await page.getByLabel('Plate').fill('FULL2');
    await page.getByRole('button', { name: 'Admit and issue pass' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(due > 0 ? /^Lot full: the \d+ free bays? (is|are) owed to pre-booked cars due now/ : /^Lot full: no free bay/);
    expect(await alert.textContent()).not.toMatch(/conflict|lot_full|409/i);
    expect(await card.textContent()).not.toContain('FULL2');
    const found = await rpc(env.s.host.url, 'release.find', { lot_id: DEMO.lotId, by: 'plate', value: 'FULL2' }, manager);
    expect(found.json()).toEqual([]);
    const counts = (await rpc(env.s.host.url, 'floor.counts', { lot_id: DEMO.lotId }, manager)).json() as { available: number; reserved_soon: number; full: boolean };
    expect(counts.available + counts.reserved_soon).toBe(due);
    expect(counts.full).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The refused call is a 409 the browser logs by itself; nothing else may be in the console.
    expect(errors.filter((e) => !/409 \(Conflict\)/.test(e))).toEqual([]);
  });
});
