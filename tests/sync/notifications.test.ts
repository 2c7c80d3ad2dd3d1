// A check-in or check-out that reaches the API through booth sync tells the customer exactly as the API's own
// gate check does (notification + live events on their user topic), once, even when the booth pushes the same
// batch again (its answer was lost): a duplicate changes nothing and announces nothing.
import { sql } from 'drizzle-orm';
import { v7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Command } from '../../src/shared/sync/protocol';
import { openSocket, type SocketClient } from '../server-part2/live-clients';
import { type SyncApi, customerBooking, enrollDevice, push, startSyncApi } from './api';

let api: SyncApi;
beforeAll(async () => {
  api = await startSyncApi(10);
});
afterAll(async () => api?.close());

const checkIn = (lotId: string, bookingId: string, at = Date.now()): Command => ({
  type: 'booking.check_in', id: v7(), lot_id: lotId, at, booth_time: at, actor: 'staff-1', booking_id: bookingId, bay_number: 1, pass: null, override_reason: null,
});
const release = (lotId: string, bookingId: string, cents: number, at = Date.now()): Command => ({
  type: 'booking.release', id: v7(), lot_id: lotId, at, booth_time: at, actor: 'staff-1', booking_id: bookingId, parking_cost_cents: cents,
  payment: { id: v7(), method: 'cash', amount_cents: cents, reason: null },
});

async function notificationTitles(userId: string): Promise<string[]> {
  const r = await api.t.database.db.execute(sql`SELECT title FROM notifications WHERE user_id = ${userId} ORDER BY created_at, title`);
  return r.rows.map((row) => (row as { title: string }).title);
}

async function subscribe(access: string): Promise<SocketClient> {
  const ws = await openSocket(api.url, { authorization: `Bearer ${access}` });
  ws.send({ type: 'subscribe', topics: ['user:me'] });
  await ws.inbox.wait((m) => m.type === 'subscribed');
  return ws;
}

// Gate events only: the booking's own 'created' event can still be on its way to the hub when the socket
// subscribes (the hub reads the log after the commit), and then arrives too.
const gateEvents = (ws: SocketClient, id: string) =>
  ws.events().filter((e) => e.kind === 'booking' && (e.data as { id?: string; change?: string }).id === id && (e.data as { change?: string }).change === 'gate');

it('a booth check-in notifies the customer and publishes on their topic once; the same batch again does neither', async () => {
  const device = await enrollDevice(api);
  const booking = await customerBooking(api);
  const ws = await subscribe(booking.customer.access);
  try {
    const batch = [checkIn(api.lotId, booking.id)];
    expect((await push(api, device.device_token, batch)).json().results[0].status).toBe('applied');

    const live = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'booking' && (m.event.data as { status?: string }).status === 'active');
    expect(live).toMatchObject({ event: { topic: `user:${booking.customer.id}`, data: { id: booking.id, status: 'active', change: 'gate' } } });
    const note = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'notification' && (m.event.data as { title?: string }).title === 'Checked in');
    expect(note).toMatchObject({ event: { data: { title: 'Checked in', user_id: booking.customer.id } } });
    const listed = await api.t.app.inject({ method: 'GET', url: '/api/notifications', headers: booking.customer.auth });
    expect(listed.json().items.map((n: { title: string }) => n.title)).toContain('Checked in');

    // The booth never saw the answer and pushes the same batch again.
    expect((await push(api, device.device_token, batch)).json().results[0].status).toBe('duplicate');
    // A later event on the same topic proves the socket is caught up before counting.
    await api.t.app.extras.hub.publish(`user:${booking.customer.id}`, 'booking', { id: 'marker' });
    await ws.inbox.wait((m) => m.type === 'event' && (m.event.data as { id?: string }).id === 'marker');
    expect(gateEvents(ws, booking.id)).toHaveLength(1);
    expect(ws.events().filter((e) => e.kind === 'notification' && (e.data as { title?: string }).title === 'Checked in')).toHaveLength(1);
    expect((await notificationTitles(booking.customer.id)).filter((t) => t === 'Checked in')).toHaveLength(1);
  } finally {
    await ws.close();
  }
});

it('a booth release notifies checked_out with the stay cost, once', async () => {
  const device = await enrollDevice(api);
  const booking = await customerBooking(api);
  const ws = await subscribe(booking.customer.access);
  try {
    const batch = [checkIn(api.lotId, booking.id), release(api.lotId, booking.id, 1234)];
    expect((await push(api, device.device_token, batch)).json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const done = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'booking' && (m.event.data as { status?: string }).status === 'completed');
    expect(done).toMatchObject({ event: { data: { id: booking.id, change: 'gate' } } });
    expect((await push(api, device.device_token, batch)).json().results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await notificationTitles(booking.customer.id)).toEqual(expect.arrayContaining(['Checked in', 'Checked out']));
    const r = await api.t.database.db.execute(sql`SELECT message FROM notifications WHERE user_id = ${booking.customer.id} AND title = 'Checked out'`);
    expect(r.rows).toHaveLength(1);
    expect((r.rows[0] as { message: string }).message).toContain('12.34');
  } finally {
    await ws.close();
  }
});

it('a later check-in of the same booking from another booth becomes a conflict and notifies no one', async () => {
  const device = await enrollDevice(api);
  const booking = await customerBooking(api);
  const first = checkIn(api.lotId, booking.id);
  await push(api, device.device_token, [first]);
  // A second, later check-in of the same booking from another booth becomes a conflict record, not a change.
  const other = await enrollDevice(api, 'Gate B');
  const late = await push(api, other.device_token, [checkIn(api.lotId, booking.id, Date.now() + 1000)]);
  expect(late.json().results[0].status).toBe('conflict');
  expect((await notificationTitles(booking.customer.id)).filter((t) => t === 'Checked in')).toHaveLength(1);
  const events = await api.t.database.db.execute(
    sql`SELECT count(*)::int AS n FROM live_events WHERE topic = ${`user:${booking.customer.id}`} AND kind = 'booking' AND payload->>'status' = 'active'`,
  );
  expect(events.rows[0]).toEqual({ n: 1 });
});

it("a booth's walk-in moves the lot's live availability once; the same batch again does not", async () => {
  const device = await enrollDevice(api);
  const watcher = await customerBooking(api);
  const ws = await openSocket(api.url, { authorization: `Bearer ${watcher.customer.access}` });
  try {
    ws.send({ type: 'subscribe', topics: [`lot:${api.lotId}`] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    const at = Date.now();
    const id = v7();
    const walkIn: Command = {
      type: 'booking.walkin', id: v7(), lot_id: api.lotId, at, booth_time: at, actor: 'staff-1', override_reason: null,
      booking: {
        id, lot_id: api.lotId, bay_number: null, vehicle_number: 'WALK1N', vehicle_model: null, remarks: null, source: 'walkin', status: 'active',
        start_time: at, end_time: null, check_in_time: at, check_out_time: null, pin: null, qr_code: null, total_cost_cents: 0, parking_cost_cents: null, payment_status: 'pending',
      },
    };
    expect((await push(api, device.device_token, [walkIn])).json().results[0].status).toBe('applied');
    const free = (await api.t.app.inject({ method: 'GET', url: `/api/spots/${api.lotId}` })).json().available_slots as number;
    const moved = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'availability');
    expect(moved).toMatchObject({ event: { topic: `lot:${api.lotId}`, data: { spot_id: api.lotId, available_slots: free } } });

    expect((await push(api, device.device_token, [walkIn])).json().results[0].status).toBe('duplicate');
    await api.t.app.extras.hub.publish(`lot:${api.lotId}`, 'marker', { id: 'marker' });
    await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'marker');
    expect(ws.events().filter((e) => e.kind === 'availability')).toHaveLength(1);
  } finally {
    await ws.close();
  }
});
