// Reviews over real HTTP on PostgreSQL and PGlite: only after a completed stay, once per booking, the
// lot's rating and count always equal what its reviews say (also under concurrent posting), photos
// checked by content, and authorship enforced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { makeAdmin, register, type Account, type TestApp } from '../server/app';
import { startPart2App, type Part2App } from './app';
import { bookLater, completedBooking, createLot, upload, type BookingBody } from './fixtures';
import { HTML_AS_PNG, PNG_1PX } from './images';
import { openSocket } from './live-clients';

describe.each(backends())('reviews on %s', (backend) => {
  let t: Part2App;
  let owner: Account;
  let ana: Account;
  let bob: Account;
  let admin: Account;
  let lot: { id: string; name: string };
  const call = async (method: string, path: string, who: Account | null, payload?: unknown) => {
    const res = await t.app.inject({ method: method as 'GET', url: path, headers: who?.auth ?? {}, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  const lotNow = async () => (await call('GET', `/api/spots/${lot.id}`, null)).body as { rating: number; review_count: number };

  beforeAll(async () => {
    t = await startPart2App(backend);
    [owner, ana, bob] = await Promise.all([register(t.app, 'owner'), register(t.app), register(t.app)]);
    admin = await makeAdmin(t as unknown as TestApp);
    lot = await createLot(t.app, owner, { total_slots: 20 });
  });
  afterAll(() => t?.close());

  it('accepts one review per completed booking, updates the lot, tells the owner, and pushes the new rating', async () => {
    const ws = await openSocket(t.url, ana.auth);
    ws.send({ type: 'subscribe', topics: [`lot:${lot.id}`] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    const booking = await completedBooking(t.app, ana, owner, lot.id);
    const res = await call('POST', '/api/reviews', ana, { booking_id: booking.id, rating: 4, comment: 'Easy in, easy out' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ spot_id: lot.id, rating: 4, user_id: ana.id, images: [] });
    expect(await lotNow()).toMatchObject({ rating: 4, review_count: 1 });
    const again = await call('POST', '/api/reviews', ana, { booking_id: booking.id, rating: 1 });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'already_reviewed' } } });
    const inbox = await call('GET', '/api/notifications', owner);
    expect(inbox.body.items[0]).toMatchObject({ title: 'New 4-star review', type: 'system' });
    const live = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'rating');
    expect(live).toMatchObject({ event: { data: { rating: 4, review_count: 1 } } });
    await ws.close();
  });

  it('refuses reviews of pending bookings and of other people’s bookings, changing nothing', async () => {
    const pending = await bookLater(t.app, bob, lot.id, 30);
    expect(await call('POST', '/api/reviews', bob, { booking_id: pending.id, rating: 5 })).toMatchObject({ status: 409, body: { error: { code: 'booking_not_completed' } } });
    const anas = await completedBooking(t.app, ana, owner, lot.id);
    expect((await call('POST', '/api/reviews', bob, { booking_id: anas.id, rating: 1 })).status).toBe(404);
    expect((await call('POST', '/api/reviews', null, { booking_id: anas.id, rating: 1 })).status).toBe(401);
    expect((await call('POST', '/api/reviews', ana, { booking_id: anas.id, rating: 6 })).status).toBe(400);
    expect(await lotNow()).toMatchObject({ rating: 4, review_count: 1 });
  });

  it('keeps rating and count exact when many reviews arrive at once', async () => {
    const fresh = await createLot(t.app, owner, { total_slots: 20 });
    const people = await Promise.all(Array.from({ length: 8 }, () => register(t.app)));
    const stays: BookingBody[] = [];
    for (const p of people) stays.push(await completedBooking(t.app, p, owner, fresh.id));
    const ratings = [5, 4, 3, 5, 2, 5, 1, 4];
    const results = await Promise.all(people.map((p, i) => call('POST', '/api/reviews', p, { booking_id: stays[i]!.id, rating: ratings[i] })));
    expect(results.map((r) => r.status)).toEqual(ratings.map(() => 201));
    const detail = (await call('GET', `/api/spots/${fresh.id}`, null)).body;
    expect(detail).toMatchObject({ review_count: 8, rating: 3.63 }); // 29 / 8 = 3.625 → 3.63
    const list = await call('GET', `/api/reviews/spot/${fresh.id}?sort=lowest&limit=3`, null);
    expect(list.body).toMatchObject({ total: 8, review_count: 8, rating: 3.63 });
    expect(list.body.items.map((r: { rating: number }) => r.rating)).toEqual([1, 2, 3]);
  });

  it('lets only the author edit, the author or an admin delete, and recomputes the lot each time', async () => {
    const booking = await completedBooking(t.app, bob, owner, lot.id);
    const created = (await call('POST', '/api/reviews', bob, { booking_id: booking.id, rating: 2, is_anonymous: true })).body;
    expect(await lotNow()).toMatchObject({ rating: 3, review_count: 2 });
    const publicView = (await call('GET', `/api/reviews/${created.id}`, null)).body;
    expect(publicView).toMatchObject({ user_id: null, user_name: null, is_anonymous: true });
    expect((await call('GET', `/api/reviews/${created.id}`, bob)).body.user_id).toBe(bob.id);
    expect((await call('PUT', `/api/reviews/${created.id}`, ana, { rating: 1 })).status).toBe(403);
    expect((await call('PUT', `/api/reviews/${created.id}`, owner, { rating: 5 })).status).toBe(403);
    expect((await call('PUT', `/api/reviews/${created.id}`, bob, {})).status).toBe(400);
    expect((await call('PUT', `/api/reviews/${created.id}`, bob, { rating: 4, comment: 'Better than I said' })).body).toMatchObject({ rating: 4 });
    expect(await lotNow()).toMatchObject({ rating: 4, review_count: 2 });
    expect((await call('DELETE', `/api/reviews/${created.id}`, ana)).status).toBe(403);
    expect((await call('DELETE', `/api/reviews/${created.id}`, admin)).status).toBe(204);
    expect(await lotNow()).toMatchObject({ rating: 4, review_count: 1 });
    expect((await call('GET', `/api/reviews/${created.id}`, null)).status).toBe(404);
  });

  it('takes review photos checked by their bytes, serves them, and deletes their files with the review', async () => {
    const booking = await completedBooking(t.app, ana, owner, lot.id);
    const review = (await call('POST', '/api/reviews', ana, { booking_id: booking.id, rating: 5 })).body;
    const url = `${t.url}/api/reviews/${review.id}/images`;
    const added = await upload(url, ana, PNG_1PX, 'me.png');
    expect(added.status).toBe(201);
    const image = (await added.json()) as { id: string; image_url: string };
    const served = await fetch(`${t.url}${image.image_url}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG_1PX)).toBe(true);

    expect((await upload(url, ana, HTML_AS_PNG, 'evil.png')).status).toBe(415);
    expect((await upload(url, ana, Buffer.concat([PNG_1PX, Buffer.alloc(300 * 1024)]), 'big.png')).status).toBe(413);
    expect((await upload(url, bob, PNG_1PX)).status).toBe(403);
    expect((await upload(url, null, PNG_1PX)).status).toBe(401);
    const json = await fetch(url, { method: 'POST', headers: { ...ana.auth, 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    for (let i = 0; i < 4; i++) expect((await upload(url, ana, PNG_1PX)).status).toBe(201);
    expect((await upload(url, ana, PNG_1PX)).status).toBe(409);
    const withImages = (await call('GET', `/api/reviews/${review.id}`, null)).body;
    expect(withImages.images).toHaveLength(5);

    expect((await call('DELETE', `/api/reviews/${review.id}/images/${image.id}`, bob)).status).toBe(403);
    expect((await call('DELETE', `/api/reviews/${review.id}/images/${image.id}`, ana)).status).toBe(204);
    expect((await fetch(`${t.url}${image.image_url}`)).status).toBe(404);
    expect((await call('DELETE', `/api/reviews/${review.id}`, ana)).status).toBe(204);
    for (const img of withImages.images as Array<{ image_url: string }>) expect((await fetch(`${t.url}${img.image_url}`)).status).toBe(404);
  });
});
