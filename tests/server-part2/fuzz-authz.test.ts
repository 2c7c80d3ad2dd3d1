// Every part 2 route fed malformed params and bodies answers 4xx (never 5xx) and a refused request writes
// nothing; and on every :id route another customer, another owner or an anonymous caller is refused
// without any write.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { register, type Account, type TestApp } from '../server/app';
import { snapshot } from '../server/snapshot';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { startPart2App, type Part2App } from './app';
import { bookLater, completedBooking, createLot, upload } from './fixtures';
import { PNG_1PX } from './images';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const ROUTES: Array<[Method, string]> = [
  ['GET', '/api/notifications'],
  ['PUT', '/api/notifications/:id/read'],
  ['GET', '/api/reviews/spot/:id'],
  ['GET', '/api/reviews/:id'],
  ['POST', '/api/reviews'],
  ['PUT', '/api/reviews/:id'],
  ['DELETE', '/api/reviews/:id'],
  ['POST', '/api/reviews/:id/images'],
  ['DELETE', '/api/reviews/:id/images/:id'],
  ['GET', '/api/spots/:id/images'],
  ['POST', '/api/spots/:id/images'],
  ['PUT', '/api/spots/:id/images/order'],
  ['PUT', '/api/spots/:id/images/:id/primary'],
  ['DELETE', '/api/spots/:id/images/:id'],
  ['GET', '/api/images/lots/:id'],
  ['POST', '/api/payments/create-intent'],
  ['POST', '/api/payments/confirm'],
  ['POST', '/api/payments/webhook'],
  ['GET', '/api/admin/dashboard'],
  ['GET', '/api/admin/bookings'],
  ['GET', '/api/admin/reviews'],
  ['GET', '/api/admin/revenue'],
  ['GET', '/api/live/events'],
];

describe.each(backends())('part 2 routes under hostile input on %s', (backend) => {
  let stripe: FakeStripe;
  let t: Part2App;
  let owner: Account;
  let ana: Account;
  let real: { lot: string; review: string; image: string; lotImage: string; booking: string };

  beforeAll(async () => {
    stripe = await startFakeStripe();
    t = await startPart2App(backend, { stripe: stripe.client(), webhookSecret: 'whsec_fuzz' });
    [owner, ana] = await Promise.all([register(t.app, 'owner'), register(t.app)]);
    const lot = await createLot(t.app, owner);
    const stay = await completedBooking(t.app, ana, owner, lot.id);
    const review = (await t.app.inject({ method: 'POST', url: '/api/reviews', headers: ana.auth, payload: { booking_id: stay.id, rating: 3 } })).json();
    const image = (await (await upload(`${t.url}/api/reviews/${review.id}/images`, ana, PNG_1PX)).json()) as { id: string };
    const lotImage = (await (await upload(`${t.url}/api/spots/${lot.id}/images`, owner, PNG_1PX)).json()) as { id: string };
    const booking = await bookLater(t.app, ana, lot.id, 30);
    real = { lot: lot.id, review: review.id, image: image.id, lotImage: lotImage.id, booking: booking.id };
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  const badParam = fc.oneof(
    fc.string({ maxLength: 40 }).filter((s) => s.length > 0 && !s.includes('/') && !s.includes('?') && !s.includes('#')),
    fc.constant('1 OR 1=1'),
    fc.constant("'; DROP TABLE reviews; --"),
    fc.constant('x'.repeat(180)),
    fc.constant('00000000-0000-0000-0000-00000000000g'),
  );
  const badBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(fc.constantFrom('booking_id', 'rating', 'comment', 'image_ids', 'payment_intent_id', 'payment_method', 'topics', 'id', 'type', 'data'), fc.jsonValue({ maxDepth: 2 })),
  );

  it('answers 4xx (never 5xx) to random bodies and params, and a refused request writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), badParam, badBody, fc.boolean(), async ([method, path], param, body, useReal) => {
        const url = path.includes(':id')
          ? path.replace(/:id/g, () => (useReal ? real.lot : encodeURIComponent(param)))
          : `${path}${method === 'GET' ? `?${encodeURIComponent(param)}=${encodeURIComponent(JSON.stringify(body))}` : ''}`;
        const before = await snapshot(t as unknown as TestApp);
        const res = await t.app.inject({
          method,
          url,
          headers: { ...owner.auth, 'content-type': 'application/json' },
          ...(method !== 'GET' && method !== 'DELETE' && { payload: JSON.stringify(body) }),
        });
        expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await snapshot(t as unknown as TestApp), `${method} ${url} was refused but wrote`).toBe(before);
      }),
      { numRuns: 80 },
    );
  });

  it('refuses other users and anonymous callers on every :id route, writing nothing', async () => {
    const [bob, rival] = await Promise.all([register(t.app), register(t.app, 'owner')]);
    const r = real;
    const attempts: Array<[Method, string, unknown, Account | null, number[]]> = [
      ['PUT', `/api/reviews/${r.review}`, { rating: 1 }, bob, [403]],
      ['DELETE', `/api/reviews/${r.review}`, undefined, rival, [403]],
      ['DELETE', `/api/reviews/${r.review}/images/${r.image}`, undefined, bob, [403]],
      ['PUT', `/api/spots/${r.lot}/images/order`, { image_ids: [r.lotImage] }, rival, [403]],
      ['PUT', `/api/spots/${r.lot}/images/${r.lotImage}/primary`, undefined, rival, [403]],
      ['DELETE', `/api/spots/${r.lot}/images/${r.lotImage}`, undefined, bob, [403]],
      ['DELETE', `/api/spots/${r.lot}/images/${r.lotImage}`, undefined, null, [401]],
      ['POST', '/api/payments/create-intent', { booking_id: r.booking }, bob, [404]],
      ['POST', '/api/payments/create-intent', { booking_id: r.booking }, null, [401]],
      ['GET', `/api/admin/bookings?spot_id=${r.lot}`, undefined, rival, [404]],
      ['GET', '/api/admin/dashboard', undefined, bob, [403]],
      ['GET', '/api/admin/revenue', undefined, null, [401]],
    ];
    const before = await snapshot(t as unknown as TestApp);
    for (const [method, url, payload, who, expected] of attempts) {
      const res = await t.app.inject({ method, url, headers: who?.auth ?? {}, ...(payload !== undefined && { payload: payload as object }) });
      expect(expected, `${method} ${url} as ${who === null ? 'anonymous' : who === bob ? 'customer' : 'other owner'}: ${res.body}`).toContain(res.statusCode);
    }
    const notes = (await t.app.inject({ method: 'GET', url: '/api/notifications', headers: owner.auth })).json().items as Array<{ id: string }>;
    expect(notes.length).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'PUT', url: `/api/notifications/${notes[0]!.id}/read`, headers: bob.auth })).statusCode).toBe(404);
    expect((await upload(`${t.url}/api/spots/${r.lot}/images`, rival, PNG_1PX)).status).toBe(403);
    expect((await upload(`${t.url}/api/reviews/${r.review}/images`, bob, PNG_1PX)).status).toBe(403);
    expect(await snapshot(t as unknown as TestApp)).toBe(before);
  });
});
