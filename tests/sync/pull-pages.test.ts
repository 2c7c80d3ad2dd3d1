// A booth catching up in `rows` pages: a page that does not validate stops the catch-up with an error that names
// the bad field, and nothing of that page (nor its cursor) is applied; the pages before it stay applied.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appendChanges } from '../../server/sync/feed';
import { openBooth } from '../../src/main/booth';
import type { SyncBooking } from '../../src/shared/sync/protocol';
import { type SyncApi, enrollmentCode, startSyncApi } from './api';

let api: SyncApi;
beforeAll(async () => {
  api = await startSyncApi(10);
});
afterAll(async () => api?.close());

it('a bad page stops the catch-up with a clear error and applies nothing of itself; the next pull resumes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parkpass-pages-'));
  // The network between booth and API: rewrites the body of the n-th pull answer when told to.
  const tamper = { page: 0, corrupt: null as number | null, seen: 0 };
  const tamperFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith('/api/sync/pull') || tamper.corrupt === null) return res;
    const text = await res.text();
    if (++tamper.seen !== tamper.corrupt) return new Response(text, res);
    const page = JSON.parse(text) as { booking_columns: string[]; lots: { changes: [number, string, unknown[]][] }[] };
    page.lots[0]!.changes[7]![2][page.booking_columns.indexOf('pin')] = '12345';
    return new Response(JSON.stringify(page), res);
  };
  const booth = openBooth({ dataDir: dir, now: () => Date.now(), logger: { info() {}, warn() {} }, sync: { autoStart: false, fetch: tamperFetch, random: () => 0, pullLimit: 100 } });
  const db = new Database(booth.dbFile, { readonly: true });
  try {
    await booth.sync.enroll(api.url, await enrollmentCode(api, api.lotId), 'Tampered');
    const cursor = () => (db.prepare('SELECT cursor FROM sync_state WHERE lot_id = ?').get(api.lotId) as { cursor: number }).cursor;
    const start = cursor();
    const now = Date.now();
    const ids = Array.from({ length: 250 }, () => v7());
    const changes = ids.map((id, i): { entity: 'booking'; data: SyncBooking } => ({
      entity: 'booking',
      data: {
        id, lot_id: api.lotId, bay_number: null, vehicle_number: `PG${i}`, vehicle_model: null, remarks: null, source: 'prebooked', status: 'pending',
        start_time: now + 3_600_000, end_time: now + 7_200_000, check_in_time: null, check_out_time: null, pin: String(i).padStart(4, '0'), qr_code: null,
        total_cost_cents: 800, parking_cost_cents: null, payment_status: 'paid',
      },
    }));
    await api.t.database.db.transaction((tx) => appendChanges(tx, api.lotId, changes));
    const have = () => (db.prepare(`SELECT id FROM bookings WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`).all(...ids) as { id: string }[]).map((r) => r.id);

    tamper.corrupt = 2;
    const failed = await booth.sync.pullAll().then(() => null, (err: unknown) => err);
    expect(failed).toBeInstanceOf(ZodError);
    expect((failed as ZodError).issues.map((i) => i.path)).toContainEqual(['changes', 7, 'data', 'pin']);
    // Page 1 and its cursor were applied together; nothing of page 2.
    expect(cursor()).toBe(start + 100);
    expect(have()).toEqual(ids.slice(0, 100));

    tamper.corrupt = null;
    expect(await booth.sync.pullAll()).toBe(150);
    expect(cursor()).toBe(start + 250);
    expect(have()).toEqual(ids);
    const pin = db.prepare('SELECT pin, plate_key, status FROM bookings WHERE id = ?').get(ids[107]!);
    expect(pin).toEqual({ pin: '0107', plate_key: 'PG107', status: 'pending' });
  } finally {
    db.close();
    booth.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
