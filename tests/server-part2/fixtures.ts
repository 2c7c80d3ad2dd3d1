// Building blocks for part 2 tests, all through the real API: lots, vehicles, and bookings taken
// through the gate (entry then exit) so they are completed the way a real stay is.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { lotInput, type Account } from '../server/app';

export async function createLot(app: FastifyInstance, owner: Account, over: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/spots', headers: owner.auth, payload: lotInput(over) });
  if (res.statusCode !== 201) throw new Error(`create lot failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

let plates = 0;
export async function addVehicle(app: FastifyInstance, who: Account): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/vehicles',
    headers: who.auth,
    payload: { make: 'Test', model: 'Car', license_plate: `P${++plates}${randomBytes(2).toString('hex')}` },
  });
  if (res.statusCode !== 201) throw new Error(`add vehicle failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export interface BookingBody {
  id: string;
  pin: string;
  status: string;
  total_cost_cents: number;
  payment_status: string;
  spot_id: string;
}

/** A booking from `start`, lasting `hours`, made through the API by `customer` with a new vehicle. */
async function book(app: FastifyInstance, customer: Account, lotId: string, start: Date, hours: number): Promise<BookingBody> {
  const vehicle_id = await addVehicle(app, customer);
  const end = new Date(start.getTime() + hours * 3_600_000);
  const res = await app.inject({
    method: 'POST',
    url: '/api/bookings',
    headers: customer.auth,
    payload: { spot_id: lotId, vehicle_id, start_time: start.toISOString(), end_time: end.toISOString() },
  });
  if (res.statusCode !== 201) throw new Error(`booking failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A booking that started a minute ago and lasts two hours (so the gate admits it right away). */
export function bookNow(app: FastifyInstance, customer: Account, lotId: string, hours = 2): Promise<BookingBody> {
  return book(app, customer, lotId, new Date(Date.now() - 60_000), hours);
}

/** A booking `fromHours` ahead (from the next whole hour), lasting `hours`. */
export function bookLater(app: FastifyInstance, customer: Account, lotId: string, fromHours: number, hours = 2): Promise<BookingBody> {
  return book(app, customer, lotId, new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + fromHours * 3_600_000), hours);
}

export async function gate(app: FastifyInstance, staff: Account, lotId: string, pin: string, direction: 'entry' | 'exit') {
  const res = await app.inject({ method: 'POST', url: '/api/bookings/validate', headers: staff.auth, payload: { spot_id: lotId, code: pin, direction } });
  const body = res.json();
  if (res.statusCode !== 200 || body.decision !== 'admit') throw new Error(`gate ${direction} failed: ${res.statusCode} ${res.body}`);
  return body;
}

export async function completedBooking(app: FastifyInstance, customer: Account, owner: Account, lotId: string): Promise<BookingBody> {
  const booking = await bookNow(app, customer, lotId);
  await gate(app, owner, lotId, booking.pin, 'entry');
  await gate(app, owner, lotId, booking.pin, 'exit');
  return booking;
}

export async function upload(url: string, who: Account | null, bytes: Buffer, filename = 'photo.png', type = 'image/png'): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  return fetch(url, { method: 'POST', headers: who ? who.auth : {}, body: form });
}
