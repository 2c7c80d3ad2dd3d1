import { sql } from 'drizzle-orm';
import { v7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendChange, pruneFeed } from '../../server/sync/feed';
import { pull } from '../../server/sync/pull';
import { lockLot } from '../../server/spots/repository';
import { quoteStay } from '../../src/shared/fees';
import { BOOKING_COLUMNS, type Command, PullPage, PullResponse } from '../../src/shared/sync/protocol';
import { makeAdmin, register } from '../server/app';
import { type SyncApi, customerBooking, enrollDevice, enrollmentCode, pullOnce, push, startSyncApi, describeOnPostgres } from './api';

let api: SyncApi;
beforeAll(async () => {
  api = await startSyncApi(10);
});
afterAll(async () => api?.close());

const checkIn = (lotId: string, bookingId: string, at = Date.now(), bay: number | null = 1): Command => ({
  type: 'booking.check_in', id: v7(), lot_id: lotId, at, booth_time: at, actor: 'staff-1', booking_id: bookingId, bay_number: bay, pass: null, override_reason: null,
});

describe('devices', () => {
  it('trades a one-time code for a device token, lots, pass keys and the server time', async () => {
    const code = await enrollmentCode(api, api.lotId);
    const res = await api.t.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code: code.toLowerCase(), booth_name: 'North gate' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.lots.map((l: { id: string }) => l.id)).toEqual([api.lotId]);
    expect(body.pass_public_keys).toEqual([api.t.config.passSigner.publicKey]);
    expect(Math.abs(body.server_time - Date.now())).toBeLessThan(60_000);
    const stored = await api.t.database.db.execute(sql`SELECT token_hash FROM devices WHERE id = ${body.device_id}`);
    expect((stored.rows[0] as { token_hash: string }).token_hash).not.toContain(body.device_token.slice(4, 20));

    const again = await api.t.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code, booth_name: 'Thief' } });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invalid_enrollment_code');
  });

  it('lets only the lot owner make codes, and a revoked booth gets 401 device_revoked', async () => {
    const customer = await register(api.t.app);
    const denied = await api.t.app.inject({ method: 'POST', url: '/api/devices/enrollment-codes', headers: customer.auth, payload: { lot_id: api.lotId } });
    expect(denied.statusCode).toBe(403);
    const device = await enrollDevice(api, 'Doomed');
    expect((await pullOnce(api, device.device_token, {})).statusCode).toBe(200);
    const revoke = await api.t.app.inject({ method: 'POST', url: `/api/devices/${device.device_id}/revoke`, headers: api.owner.auth });
    expect(revoke.statusCode).toBe(204);
    const after = await pullOnce(api, device.device_token, {});
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('device_revoked');
    expect((await pullOnce(api, 'ppd_not-a-real-token-at-all', {})).json().error.code).toBe('invalid_device_token');
  });
});

describe('a booth enrolled by an admin', () => {
  it('belongs to the lot’s owner, who lists and revokes it, and its lot changes apply', async () => {
    const admin = await makeAdmin(api.t);
    const res = await api.t.app.inject({ method: 'POST', url: '/api/devices/enrollment-codes', headers: admin.auth, payload: { lot_id: api.lotId } });
    expect(res.statusCode).toBe(201);
    const enrolled = (await api.t.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { code: res.json().code, booth_name: 'Set up by support' } })).json();
    const listed = (await api.t.app.inject({ method: 'GET', url: '/api/devices', headers: api.owner.auth })).json();
    expect(listed.items.map((d: { id: string }) => d.id)).toContain(enrolled.device_id);
    const at = Date.now();
    const resize = await push(api, enrolled.device_token, [{ type: 'lot.set_bay_count', id: v7(), lot_id: api.lotId, at, booth_time: at, actor: 'staff-1', total_bays: 11 }]);
    expect(resize.json().results[0]).toMatchObject({ status: 'applied' });
    await push(api, enrolled.device_token, [{ type: 'lot.set_bay_count', id: v7(), lot_id: api.lotId, at, booth_time: at, actor: 'staff-1', total_bays: 10 }]);
    const revoke = await api.t.app.inject({ method: 'POST', url: `/api/devices/${enrolled.device_id}/revoke`, headers: api.owner.auth });
    expect(revoke.statusCode).toBe(204);
  });
});

describe('push and pull', () => {
  it('applies a check-in once: the same batch again answers duplicate and changes nothing', async () => {
    const device = await enrollDevice(api);
    const booking = await customerBooking(api);
    const batch = [checkIn(api.lotId, booking.id)];
    const first = await push(api, device.device_token, batch);
    expect(first.statusCode).toBe(200);
    expect(first.json().results).toEqual([{ id: batch[0]!.id, status: 'applied', reason: null, canonical: null }]);
    const second = await push(api, device.device_token, batch);
    expect(second.json().results[0].status).toBe('duplicate');
    const rows = await api.t.database.db.execute(sql`SELECT status, (SELECT count(*)::int FROM sync_feed WHERE data->>'id' = ${booking.id} AND data->>'status' = 'active') AS feeds FROM bookings WHERE id = ${booking.id}`);
    expect(rows.rows[0]).toEqual({ status: 'active', feeds: 1 });
  });

  it('rejects what breaks the rules with a reason, and a bad message whole with 400', async () => {
    const device = await enrollDevice(api);
    const unknown = checkIn(api.lotId, v7());
    const res = await push(api, device.device_token, [unknown]);
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', reason: 'unknown_booking' });
    // Its answer lost and sent again: the same refusal (the booth records it), and nothing applied twice.
    expect((await push(api, device.device_token, [unknown])).json().results[0]).toMatchObject({ status: 'rejected', reason: 'unknown_booking' });
    // A conflict sent again is a conflict again, with the booking as the API has it.
    const cancelled = await customerBooking(api);
    expect((await api.t.app.inject({ method: 'PUT', url: `/api/bookings/${cancelled.id}/cancel`, headers: cancelled.customer.auth, payload: {} })).statusCode).toBe(200);
    const late = [checkIn(api.lotId, cancelled.id)];
    const conflict = (await push(api, device.device_token, late)).json().results[0];
    expect(conflict).toMatchObject({ status: 'conflict', canonical: { id: cancelled.id, status: 'cancelled' } });
    expect((await push(api, device.device_token, late)).json().results[0]).toEqual(conflict);
    const bad = await push(api, device.device_token, [{ ...checkIn(api.lotId, v7()), at: 'yesterday' } as unknown as Command]);
    expect(bad.statusCode).toBe(400);
    // A clock gone mad (year 287,000): the batch is refused naming the field, not a 500 the booth would retry forever.
    const event = (at: number): Command => ({ type: 'booth.event', id: v7(), lot_id: api.lotId, at, booth_time: at, actor: 'staff-1', kind: 'shift_open', detail: {} });
    const good = event(Date.now());
    const mad = await push(api, device.device_token, [good, event(9e15)]);
    expect(mad.statusCode).toBe(400);
    expect(JSON.stringify(mad.json().error)).toContain('commands.1.at');
    expect((await push(api, device.device_token, [good])).json().results[0].status).toBe('applied');
  });

  it('gives a new booth a snapshot, then pages of changes after its cursor', async () => {
    const device = await enrollDevice(api);
    const first = (await pullOnce(api, device.device_token, {})).json();
    expect(first.snapshots).toHaveLength(1);
    expect(first.snapshots[0].lot.id).toBe(api.lotId);
    expect(first.snapshots[0].bays).toHaveLength(10);
    // A lost pass costs the lot's daily maximum: a day at its tariff.
    const { tariff, lost_pass_fee_cents } = first.snapshots[0].lot;
    expect(lost_pass_fee_cents).toBe(quoteStay(tariff, 24 * 3_600_000).amount_cents);
    expect(lost_pass_fee_cents).toBeGreaterThan(0);
    const cursor = first.cursors[api.lotId];
    const a = await customerBooking(api);
    const b = await customerBooking(api);
    const page1 = (await pullOnce(api, device.device_token, { [api.lotId]: cursor }, 1)).json();
    expect(page1.snapshots).toHaveLength(0);
    expect(page1.changes.map((c: { data: { id: string } }) => c.data.id)).toEqual([a.id]);
    expect(page1.more).toBe(true);
    const page2 = (await pullOnce(api, device.device_token, page1.cursors, 10)).json();
    expect(page2.changes.map((c: { data: { id: string } }) => c.data.id)).toEqual([b.id]);
    expect(page2.more).toBe(false);
    expect(page2.leases).toEqual([expect.objectContaining({ lot_id: api.lotId })]);
  });

  it('sends the same changes as rows (PullPage) as it does as objects, snapshot included', async () => {
    const device = await enrollDevice(api);
    const a = await customerBooking(api);
    await appendChange(api.t.database.db, api.lotId, 'bay', { number: 2, status: 'available', blocked_reason: 'paint' });
    const b = await customerBooking(api);
    const objects = PullResponse.parse((await pullOnce(api, device.device_token, {}, 1000)).json());
    const cursor = objects.cursors[api.lotId]!;
    await appendChange(api.t.database.db, api.lotId, 'bay', { number: 2, status: 'available', blocked_reason: null });
    const after = (format: 'objects' | 'rows') => pullOnce(api, device.device_token, { [api.lotId]: cursor - 3 }, 1000, format);
    const rowsRes = await after('rows');
    expect(rowsRes.json()).toMatchObject({ booking_columns: [...BOOKING_COLUMNS], lots: [{ lot_id: api.lotId }] });
    const rows = PullPage.parse(rowsRes.json());
    const asObjects = PullResponse.parse((await after('objects')).json());
    expect(rows.changes.map((x) => (x.entity === 'booking' ? x.data.id : x.entity))).toEqual([a.id, 'bay', b.id, 'bay']);
    expect(rows.changes).toEqual(asObjects.changes);
    expect(rows.cursors).toEqual(asObjects.cursors);
    // A new booth's first page is a snapshot either way.
    const first = PullPage.parse((await pullOnce(api, (await enrollDevice(api)).device_token, {}, 1000, 'rows')).json());
    expect(first.snapshots.map((s) => s.lot.id)).toEqual([api.lotId]);
    expect(first.changes).toEqual([]);
  });

  it('reads the next page ahead: a catch-up page by page gets every change in order, with the clock of its answer', async () => {
    const device = await enrollDevice(api);
    const start = (await pullOnce(api, device.device_token, {})).json().cursors[api.lotId] as number;
    // Bay changes, not bookings: this file's lot has 10 bays for all its tests.
    const made: number[] = [];
    const change = async () => {
      made.push(made.length + 1);
      await appendChange(api.t.database.db, api.lotId, 'bay', { number: made.length, status: 'available', blocked_reason: `paint ${made.length}` });
    };
    for (let i = 0; i < 3; i++) await change();
    const page1 = PullPage.parse((await pullOnce(api, device.device_token, { [api.lotId]: start }, 1, 'rows')).json());
    expect(page1.more).toBe(true);
    // Made after page 1 was read ahead of page 2: it comes after that page, not lost, not doubled.
    await change();
    await new Promise((r) => setTimeout(r, 300));
    const asked = Date.now();
    const page2 = PullPage.parse((await pullOnce(api, device.device_token, page1.cursors, 1, 'rows')).json());
    // A page read ahead is stamped when it is sent: the booth measures its clock offset against it.
    expect(page2.server_time).toBeGreaterThanOrEqual(asked);
    const seen = [...page1.changes, ...page2.changes];
    let cursors = page2.cursors;
    for (let more = page2.more; more; ) {
      const page = PullPage.parse((await pullOnce(api, device.device_token, cursors, 1, 'rows')).json());
      seen.push(...page.changes);
      cursors = page.cursors;
      more = page.more;
    }
    expect(seen.map((c) => c.entity === 'bay' && c.data.number)).toEqual(made);
    expect(seen.map((c) => c.seq)).toEqual(made.map((_, i) => start + i + 1));
    // Asking again from an earlier cursor (not what was read ahead) reads afresh.
    const again = PullPage.parse((await pullOnce(api, device.device_token, { [api.lotId]: start }, 10, 'rows')).json());
    expect(again.changes.map((c) => c.seq)).toEqual(seen.map((c) => c.seq));
  });

  it('answers a cursor older than the retained feed with a snapshot', async () => {
    const device = await enrollDevice(api);
    const start = (await pullOnce(api, device.device_token, {})).json().cursors[api.lotId];
    await customerBooking(api);
    await customerBooking(api);
    await pruneFeed(api.t.database.db, new Date(Date.now() + 60_000));
    const res = (await pullOnce(api, device.device_token, { [api.lotId]: start })).json();
    expect(res.snapshots).toHaveLength(1);
    expect(res.cursors[api.lotId]).toBeGreaterThan(start);
  });
});

/** Backends of this database blocked on a lock, once the count settles (the waiter needs a moment to arrive). */
async function lockWaiters(db: SyncApi['t']['database']['db']): Promise<number> {
  let n = 0;
  for (let i = 0; i < 50 && n === 0; i++) {
    const r = await db.execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
    n = (r.rows[0] as { n: number }).n;
    if (n === 0) await new Promise((r) => setTimeout(r, 20));
  }
  return n;
}

describeOnPostgres('feed ordering', () => {
  it('never lets a reader skip a change that commits after a higher sequence was seen', async () => {
    const db = api.t.database.db;
    const device = await enrollDevice(api);
    const cursor = (await pullOnce(api, device.device_token, {})).json().cursors[api.lotId] as number;
    const bay = { number: 1, status: 'available' as const, blocked_reason: null };
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let firstSeq = 0;
    let signalAppended!: () => void;
    const appended = new Promise<void>((r) => (signalAppended = r));
    // T1 takes the next number and holds its transaction open.
    const t1 = db.transaction(async (tx) => {
      firstSeq = await appendChange(tx, api.lotId, 'bay', bay);
      signalAppended();
      await firstHeld;
    });
    await appended;
    // T2 starts while T1 is open: it must wait for T1, so it cannot commit a higher number first.
    let secondSeq = 0;
    const t2 = db.transaction(async (tx) => {
      secondSeq = await appendChange(tx, api.lotId, 'bay', { ...bay, number: 2 });
    });
    expect(await lockWaiters(db)).toBe(1);
    // A reader now sees neither: T1 has not committed and T2 cannot have.
    const during = await pull(db, [api.lotId], { [api.lotId]: cursor }, 100);
    expect(during.changes).toEqual([]);
    releaseFirst();
    await Promise.all([t1, t2]);
    expect(secondSeq).toBe(firstSeq + 1);
    const after = await pull(db, [api.lotId], { [api.lotId]: cursor }, 100);
    expect(after.changes.map((c) => c.seq)).toEqual([firstSeq, secondSeq]);
  });

  it('a feed writer that did not lock the lot cannot deadlock with a booking transaction that did', async () => {
    const db = api.t.database.db;
    const bay = { number: 3, status: 'available' as const, blocked_reason: null };
    let openGate!: () => void;
    const gate = new Promise<void>((r) => (openGate = r));
    let signalLocked!: () => void;
    const locked = new Promise<void>((r) => (signalLocked = r));
    // Like a booking: the lot's row lock first, then (later) the feed.
    const booking = db.transaction(async (tx) => {
      await lockLot(tx, api.lotId);
      signalLocked();
      await gate;
      return appendChange(tx, api.lotId, 'bay', bay);
    });
    await locked;
    // Like a payment webhook: straight to the feed. It must queue behind the lot lock, not grab the head first.
    const payment = db.transaction(async (tx) => appendChange(tx, api.lotId, 'bay', { ...bay, number: 4 }));
    expect(await lockWaiters(db)).toBe(1);
    openGate();
    const [first, second] = await Promise.all([booking, payment]);
    expect(second).toBe(first + 1);
  });
});
