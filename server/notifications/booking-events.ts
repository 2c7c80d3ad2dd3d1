// Booking lifecycle → notifications and live events. Written by a listener the booking service calls
// inside the change's own transaction, last, in one statement: the booking and its notification, mail and
// live events commit together or not at all. Live readers are woken after the commit (no NOTIFY in it).
// Sending the queued e-mail and the refund run come after the commit, from the HTTP reply. Booth-synced
// gate events reach customers through the booth's own feed instead.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Booking } from '../../src/shared/api/bookings';
import { toBooking } from '../bookings/mapper';
import type { BookingRow } from '../bookings/repository';
import { type BookingChange, listenToBookings } from '../bookings/service';
import type { Executor } from '../db';
import type { Fragment } from '../db/prepared';
import type { LiveHub } from '../live/hub';
import { lotTopic, userTopic } from '../live/policy';
import { type NewEvent, appendEvents } from '../live/store';
import type { LotRow } from '../spots/repository';
import type { BookingFacts, NotificationEvent } from './messages';
import type { Notifier } from './notifier';

export interface BookingEventDeps {
  db: () => Executor;
  notifier: Notifier;
  hub: LiveHub;
  /** Told after a cancellation, so a refund owed is paid without waiting for the next run. */
  onCancelled?: () => void;
}

type Change = BookingChange;

function changeOf(request: FastifyRequest, reply: FastifyReply): Change | null {
  const route = request.routeOptions.url;
  if (request.method === 'POST' && route === '/api/bookings' && reply.statusCode === 201) return 'created';
  if (request.method === 'PUT' && route === '/api/bookings/:id/extend' && reply.statusCode === 200) return 'extended';
  if (request.method === 'PUT' && route === '/api/bookings/:id/cancel' && reply.statusCode === 200) return 'cancelled';
  if (request.method === 'POST' && route === '/api/bookings/validate' && reply.statusCode === 200) return 'gate';
  return null;
}

interface LotFacts {
  name: string;
  time_zone: string;
  available_slots: number;
  total_slots: number;
}

async function lotFacts(db: Executor, lotId: string): Promise<LotFacts | undefined> {
  const r = await db.execute(sql`SELECT name, time_zone, available_slots, total_slots FROM parking_spots WHERE id = ${lotId}`);
  return r.rows[0] as LotFacts | undefined;
}

function eventFor(change: Change, b: Booking, facts: BookingFacts): NotificationEvent | null {
  if (change === 'created') return { kind: 'booking_confirmed', booking: { ...facts, pin: b.pin, total_cents: b.total_cost_cents } };
  if (change === 'extended') return { kind: 'booking_extended', booking: { ...facts, pin: b.pin, total_cents: b.total_cost_cents } };
  if (change === 'cancelled') return { kind: 'booking_cancelled', booking: facts, refund_cents: b.refund_amount_cents ?? 0 };
  if (change === 'gate' && b.status === 'active') return { kind: 'checked_in', booking: facts };
  if (change === 'gate' && b.status === 'completed') return { kind: 'checked_out', booking: facts, cost_cents: b.parking_cost_cents ?? b.total_cost_cents };
  return null;
}

/**
 * Writes the notification and live events of a booking change in `tx`, the change's own transaction, with
 * one statement. `lot` is the lot as the change left it (the booking code has it locked); without it, it is
 * read. `wake: false` when the caller announces after its commit (BookingListener.committed).
 */
export async function onBookingChange(deps: BookingEventDeps, tx: Executor, change: Change, row: BookingRow, lot: LotRow | null = null, wake = true): Promise<void> {
  const facts: LotFacts | undefined = lot ? factsOf(lot) : await lotFacts(tx, row.spotId);
  if (!facts) return;
  const { event, events } = writesOf(change, toBooking(row), facts);
  if (event) await deps.notifier.write(tx, row.userId, event, { also: events, wake });
  else await appendEvents(tx, events, wake);
}

/**
 * onBookingChange's writes as CTEs for the change's own statement, when it has a notification to write (else
 * null: call onBookingChange). `row`: the booking as the change will leave it.
 */
export function bookingChangeFragment(deps: BookingEventDeps, change: Change, row: BookingRow, lot: LotRow): Fragment | null {
  const { event, events } = writesOf(change, toBooking(row), factsOf(lot));
  return event ? deps.notifier.fragment(row.userId, event, events) : null;
}

const factsOf = (lot: LotRow): LotFacts => ({ name: lot.name, time_zone: lot.timeZone, available_slots: lot.availableSlots, total_slots: lot.totalSlots });

/** The notification (if any) and live events of a booking change. */
function writesOf(change: Change, booking: Booking, facts: LotFacts): { event: NotificationEvent | null; events: NewEvent[] } {
  const events: NewEvent[] = [
    { topic: userTopic(booking.user_id), kind: 'booking', data: { id: booking.id, status: booking.status, payment_status: booking.payment_status, change } },
    { topic: lotTopic(booking.spot_id), kind: 'availability', data: { spot_id: booking.spot_id, available_slots: facts.available_slots, total_slots: facts.total_slots } },
  ];
  const about: BookingFacts = { id: booking.id, lot_name: facts.name, time_zone: facts.time_zone, start_time: new Date(booking.start_time), end_time: new Date(booking.end_time) };
  return { event: eventFor(change, booking, about), events };
}

/** Lot changes that move its free bays: resizing it, blocking or unblocking a bay. */
const LOT_ROUTES = new Set(['/api/spots/:id', '/api/spots/:id/bays/:bayId']);

async function announceAvailability(deps: BookingEventDeps, lotId: string): Promise<void> {
  const lot = await lotFacts(deps.db(), lotId);
  if (lot) await deps.hub.publish(lotTopic(lotId), 'availability', { spot_id: lotId, available_slots: lot.available_slots, total_slots: lot.total_slots });
}

/** The lots of a push batch's commands that the API applied (the reply lists results in command order). */
function appliedLots(body: unknown, payload: unknown): Set<string> {
  const lots = new Set<string>();
  if (typeof payload !== 'string') return lots;
  const commands = (body as { commands?: Array<{ lot_id?: string }> } | null)?.commands ?? [];
  const results = (JSON.parse(payload) as { results?: Array<{ status: string }> }).results ?? [];
  results.forEach((r, i) => {
    const lotId = commands[i]?.lot_id;
    if (r.status === 'applied' && lotId) lots.add(lotId);
  });
  return lots;
}

/**
 * Installs the in-transaction listener for the app's database, and the after-reply observer on the root
 * instance, before the booking routes are registered (hooks are inherited).
 */
export function observeBookings(app: FastifyInstance, deps: BookingEventDeps): void {
  const db = deps.db();
  listenToBookings(db, {
    write: (tx, change, row, lot, wake) => onBookingChange(deps, tx, change, row, lot, wake),
    fragment: (change, row, lot) => bookingChangeFragment(deps, change, row, lot),
    committed: (wakes) => deps.hub.announce(wakes),
  });
  app.addHook('onClose', async () => listenToBookings(db, null));
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'PUT' && reply.statusCode === 200 && LOT_ROUTES.has(request.routeOptions.url ?? '')) {
      const lotId = (request.params as { id?: string }).id;
      if (lotId) await announceAvailability(deps, lotId).catch((err: unknown) => request.log.warn({ err }, 'availability not announced'));
      return payload;
    }
    if (request.method === 'POST' && reply.statusCode === 200 && request.routeOptions.url === '/api/sync/push') {
      // Walk-ins, releases and bay blocks from a booth move the lot's free bays too; announced once per lot per
      // batch, after the commit, like the lot routes above (a lost one is corrected by the next change).
      for (const lotId of appliedLots(request.body, payload)) {
        await announceAvailability(deps, lotId).catch((err: unknown) => request.log.warn({ err }, 'availability not announced'));
      }
      return payload;
    }
    const change = changeOf(request, reply);
    if (!change) return payload;
    // The change and its notifications have committed together. The reply waits for the mail drain (so the
    // e-mail has been handed over when the client hears back), which concurrent replies share (Notifier.drain).
    await deps.notifier.drain();
    if (change === 'cancelled') deps.onCancelled?.();
    return payload;
  });
}
