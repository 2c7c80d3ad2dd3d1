// Owner analytics, booking lifecycle notifications and live availability, reminders, metrics and the
// OpenAPI document, all on the real API (buildApp) over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { makeAdmin, register, type Account, type TestApp } from '../server/app';
import { startPart2App, type Part2App } from './app';
import { bookLater, bookNow, completedBooking, createLot, gate } from './fixtures';
import { openSocket } from './live-clients';

describe.each(backends())('owner analytics and operations on %s', (backend) => {
  let t: Part2App;
  let owner: Account;
  let other: Account;
  let ana: Account;
  let admin: Account;
  let lot: { id: string; name: string };
  let otherLot: { id: string };
  const get = async (path: string, who: Account | null) => {
    const res = await t.app.inject({ method: 'GET', url: path, headers: who?.auth ?? {} });
    return { status: res.statusCode, body: res.headers['content-type']?.includes('json') ? res.json() : res.body };
  };
  const titles = async (who: Account) => ((await get('/api/notifications?limit=100', who)).body.items as Array<{ title: string }>).map((n) => n.title);

  beforeAll(async () => {
    t = await startPart2App(backend);
    [owner, other, ana] = await Promise.all([register(t.app, 'owner'), register(t.app, 'owner'), register(t.app)]);
    admin = await makeAdmin(t as unknown as TestApp);
    lot = await createLot(t.app, owner, { name: 'Harbour Garage', total_slots: 4, price_cents: 300, time_zone: 'America/New_York' });
    otherLot = await createLot(t.app, other, { name: 'Elsewhere', total_slots: 2 });
  });
  afterAll(() => t?.close());

  it('notifies the customer through a booking’s life and pushes the lot’s free bays live (also when a bay is blocked)', async () => {
    const ws = await openSocket(t.url, ana.auth);
    ws.send({ type: 'subscribe', topics: ['user:me', `lot:${lot.id}`] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    const booking = await bookNow(t.app, ana, lot.id);
    await gate(t.app, owner, lot.id, booking.pin, 'entry');
    const inside = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'availability' && (m.event.data as { available_slots: number }).available_slots === 3);
    expect(inside).toBeTruthy();
    await gate(t.app, owner, lot.id, booking.pin, 'exit');
    await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'booking' && (m.event.data as { status: string }).status === 'completed');
    const bay = (await get(`/api/spots/${lot.id}`, null)).body.bays[0] as { id: string };
    const mark = ws.inbox.items.length;
    expect((await t.app.inject({ method: 'PUT', url: `/api/spots/${lot.id}/bays/${bay.id}`, headers: owner.auth, payload: { blocked: true, blocked_reason: 'Oil spill' } })).statusCode).toBe(200);
    await ws.inbox.wait((m) => ws.inbox.items.indexOf(m) >= mark && m.type === 'event' && m.event.kind === 'availability' && (m.event.data as { available_slots: number }).available_slots === 3);
    await t.app.inject({ method: 'PUT', url: `/api/spots/${lot.id}/bays/${bay.id}`, headers: owner.auth, payload: { blocked: false } });
    const later = await bookLater(t.app, ana, lot.id, 72, 1);
    expect((await t.app.inject({ method: 'PUT', url: `/api/bookings/${later.id}/cancel`, headers: ana.auth, payload: {} })).statusCode).toBe(200);
    await ws.close();
    expect(await titles(ana)).toEqual(expect.arrayContaining(['Booking confirmed', 'Checked in', 'Checked out', 'Booking cancelled']));
    const confirmation = t.sent.find((m) => m.to === ana.email && m.subject.includes('Harbour Garage'));
    expect(confirmation?.text).toContain(`Your gate PIN is ${booking.pin}`);
  });

  it('reminds once about a booking starting within the hour', async () => {
    const start = new Date(Date.now() + 30 * 60_000);
    const vehicle = (await t.app.inject({ method: 'POST', url: '/api/vehicles', headers: ana.auth, payload: { make: 'A', model: 'B', license_plate: `R${Date.now() % 100000}` } })).json().id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: ana.auth,
      payload: { spot_id: lot.id, vehicle_id: vehicle, start_time: start.toISOString(), end_time: new Date(start.getTime() + 3_600_000).toISOString() },
    });
    expect(res.statusCode).toBe(201);
    expect(await t.remind()).toBeGreaterThanOrEqual(1);
    expect(await t.remind()).toBe(0);
    expect((await titles(ana)).filter((x) => x === 'Your parking starts soon')).toHaveLength(1);
  });

  it('gives an owner their lots’ dashboard, bookings, reviews and revenue in cents; customers get 403', async () => {
    const stay = await completedBooking(t.app, ana, owner, lot.id);
    await t.app.inject({ method: 'POST', url: '/api/reviews', headers: ana.auth, payload: { booking_id: stay.id, rating: 2 } });
    const dash = await get('/api/admin/dashboard', owner);
    expect(dash.status).toBe(200);
    expect(dash.body).toMatchObject({ lots: 1, bays_total: 4, bays_occupied: 0, review_count: 1, average_rating: 2 });
    expect(dash.body.arrivals_next_24h).toBeGreaterThanOrEqual(1);
    expect((await get('/api/admin/dashboard', admin)).body.lots).toBeGreaterThanOrEqual(2);
    expect((await get('/api/admin/dashboard', ana)).status).toBe(403);
    expect((await get(`/api/admin/dashboard?owner_id=${other.id}`, owner)).status).toBe(403);
    expect((await get(`/api/admin/bookings?spot_id=${otherLot.id}`, owner)).status).toBe(404);

    const list = await get('/api/admin/bookings?status=completed', owner);
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    expect(list.body.items.every((b: { spot_id: string; lot_name: string }) => b.spot_id === lot.id && b.lot_name === 'Harbour Garage')).toBe(true);
    const reviews = await get('/api/admin/reviews?max_rating=2', owner);
    expect(reviews.body.items[0]).toMatchObject({ rating: 2, lot_name: 'Harbour Garage' });

    // Nothing was paid yet: no revenue. Then the booth-style payment marks one paid.
    expect((await get('/api/admin/revenue', owner)).body.total_cents).toBe(0);
    await t.database.db.execute(
      (await import('drizzle-orm')).sql`UPDATE bookings SET payment_status = 'paid' WHERE id = ${stay.id}`,
    );
    const revenue = await get('/api/admin/revenue', owner);
    expect(revenue.body.total_cents).toBe(stay.total_cost_cents);
    expect(revenue.body.by_lot).toEqual([{ spot_id: lot.id, lot_name: 'Harbour Garage', revenue_cents: stay.total_cost_cents, bookings: 1 }]);
    expect(revenue.body.by_day).toHaveLength(1);
    expect((await get('/api/admin/revenue?from=2026-01-10&to=2026-01-01', owner)).status).toBe(400);
    expect((await get('/api/admin/revenue?from=2020-01-01&to=2026-01-01', owner)).status).toBe(400);
    expect((await get('/api/admin/revenue?from=yesterday', owner)).status).toBe(400);
  });

  it('serves Prometheus metrics with request, latency, pool and booking outcome series', async () => {
    const res = await get('/metrics', null);
    expect(res.status).toBe(200);
    const text = String(res.body);
    expect(text).toMatch(/parkpass_http_requests_total\{method="POST",route="\/api\/bookings",status="201"\} \d+/);
    expect(text).toContain('parkpass_http_request_duration_seconds_bucket');
    expect(text).toMatch(/parkpass_booking_outcomes_total\{outcome="created"\} \d+/);
    expect(text).toMatch(/parkpass_booking_outcomes_total\{outcome="gate_admit"\} \d+/);
    if (backend === 'postgres') expect(text).toMatch(/parkpass_db_pool_connections\{state="total"\} \d+/);
  });

  it('publishes an OpenAPI document of every route, generated from the zod schemas', async () => {
    const res = await get('/api/docs/openapi.json', null);
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/api/bookings/', '/api/spots/{id}', '/api/reviews/spot/{spotId}', '/api/payments/create-intent', '/api/payments/webhook', '/api/notifications/', '/api/admin/revenue', '/api/live/events']) {
      expect(paths).toContain(p);
    }
    expect(res.body.paths['/api/reviews/'].post.requestBody.content['application/json'].schema.properties.rating).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    // The human page is Swagger UI (rendered in Chromium by docs.test.ts).
    const html = await t.app.inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('swagger-ui');
  });
});
