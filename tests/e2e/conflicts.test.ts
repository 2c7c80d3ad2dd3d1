// The manager's Conflicts screen: a conflict the API reports (two gates admitted one booking offline) arrives
// through the booth's own pull path, shows with plate, both times and kind, and goes once resolved with a note.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEMO } from '../../src/main/booth';
import { openPage } from '../helpers/browser';
import { seriousA11yViolations, signIn, withDemoBooth } from './pages';

const env = withDemoBooth();

/** Applies a pulled page holding one double-admission conflict, as the API sends it, through the booth's sync writer. */
function pullConflict(bookingId: string): { standingAt: number; rejectedAt: number } {
  const now = Date.now();
  const standingAt = now - 40 * 60_000;
  const rejectedAt = now - 38 * 60_000;
  const lotId = env.s.booth.demo.lotId;
  const data = {
    id: randomUUID(), lot_id: lotId, booking_id: bookingId, kind: 'double_check_in', created_at: now, resolved_at: null, resolution: null,
    detail: { standing: { device_id: randomUUID(), command_id: randomUUID(), at: standingAt }, rejected: { device_id: randomUUID(), command_id: randomUUID(), at: rejectedAt, bay_number: 3 } },
  };
  env.s.booth.sync.writer.applyPull({ changes: [{ seq: 1, lot_id: lotId, entity: 'conflict', data }], snapshots: [], cursors: {}, more: false, server_time: now, leases: [] }, now);
  return { standingAt, rejectedAt };
}

describe('sync conflicts', () => {
  it('an attendant has no Conflicts or Sync screen, even by address', async () => {
    const { page, errors } = await openPage(env.browser);
    await signIn(page, env.s.host.url, DEMO.staff.attendant.name, DEMO.staff.attendant.pin, 'conflicts');
    const nav = page.getByRole('navigation', { name: 'Screens' });
    await nav.getByRole('link', { name: 'Gate' }).waitFor({ timeout: 10_000 });
    expect(await nav.getByRole('link', { name: /Conflicts/ }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Sync' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Sync conflicts' }).count()).toBe(0);
    expect(await page.getByLabel('Scan a pass or type a PIN').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a manager sees the open conflict with plate, both times and kind, resolves it with a note, and it is gone', async () => {
    const inside = env.s.booth.demo.passes.find((p) => p.note === 'already inside')!;
    pullConflict(inside.booking_id);
    const { page, errors } = await openPage(env.browser);
    await signIn(page, env.s.host.url, DEMO.staff.manager.name, DEMO.staff.manager.pin, 'conflicts');
    const tab = page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /Conflicts/ });
    await expect.poll(() => tab.textContent(), { timeout: 10_000 }).toBe('Conflicts1');
    expect(await tab.getByLabel('1 open').count()).toBe(1);

    const item = page.getByRole('listitem', { name: `Conflict for ${inside.plate}` });
    await item.waitFor({ timeout: 10_000 });
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Admitted twice (two gates)');
    expect(text).toContain(inside.booking_id);
    expect(text).toMatch(/Stands \(earlier\).*\d\d:\d\d.*Set aside \(later\).*\d\d:\d\d/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Too short a note cannot be sent; a real note resolves it.
    const note = item.getByLabel(`Note for ${inside.plate}`);
    await note.fill('ok');
    expect(await item.getByRole('button', { name: 'Resolve' }).isDisabled()).toBe(true);
    await note.fill('Same car, both barriers opened during the outage');
    await item.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('No open conflicts.').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('status').filter({ hasText: `Conflict for ${inside.plate} resolved.` }).count()).toBe(1);
    await expect.poll(() => tab.textContent(), { timeout: 10_000 }).toBe('Conflicts');

    // The resolution is kept with its note, and waits in the outbox to reach the API.
    const db = new Database(env.s.booth.dbFile, { readonly: true });
    try {
      expect(db.prepare('SELECT resolution FROM sync_conflicts WHERE booking_id = ?').all(inside.booking_id)).toEqual([{ resolution: 'Same car, both barriers opened during the outage' }]);
      expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE type = 'conflict.resolve' AND status = 'pending'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
