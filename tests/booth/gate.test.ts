import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PassSigner } from '../../src/shared/pass';
import { HOUR, LOT_A, LOT_B, MIN, T0, auditRows, makeWorld, outboxRows, type World } from './fixtures/world';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

const check = async (code: string, lot = LOT_A) => w.booth.handlers['gate.check']({ lot_id: lot, code }, await w.ctx());

describe('gate check with a QR pass', () => {
  it('admits a valid pass, puts the car in a bay and records the check-in', async () => {
    const b = w.addBooking({ start: T0 - 5 * MIN, end: T0 + 2 * HOUR, bay: 4 });
    const d = await check(b.pass);
    expect(d).toMatchObject({ decision: 'ADMIT', reason: null, bay_number: 4, message: 'Welcome: bay 4' });
    expect(d.booking).toMatchObject({ id: b.id, status: 'active', check_in_time: T0, bay_number: 4 });
    const bay = w.db.prepare('SELECT status, booking_id FROM bays WHERE lot_id = ? AND number = 4').get(LOT_A);
    expect(bay).toEqual({ status: 'occupied', booking_id: b.id });
    const [audit] = auditRows(w.db, 'gate.decision');
    expect(audit).toMatchObject({ booking_id: b.id, outbox_id: d.id });
    expect(outboxRows(w.db).find((o) => o.id === d.id)?.type).toBe('booking.check_in');
  });

  it('denies a second entry of the same pass (anti-passback)', async () => {
    const b = w.addBooking({ start: T0, end: T0 + HOUR });
    expect((await check(b.pass)).decision).toBe('ADMIT');
    w.clock.t += 5 * MIN;
    const again = await check(b.pass);
    expect(again).toMatchObject({ decision: 'DENY', reason: 'already_inside' });
    expect(again.message).toBe('Already inside since 10:00');
  });

  it('denies a pass signed by a key the booth does not trust as forged', async () => {
    const stranger = PassSigner.generate();
    const token = stranger.sign({ booking_id: '0190b000-0000-7000-8000-0000000000ff', lot_id: LOT_A, valid_from: T0, valid_until: T0 + HOUR, plate: 'X1' });
    expect(await check(token)).toMatchObject({ decision: 'DENY', reason: 'forged', booking: null });
  });

  it('denies an altered pass (one character changed) and admits nothing', async () => {
    const b = w.addBooking({ start: T0, end: T0 + HOUR });
    const i = b.pass.length - 20;
    const altered = b.pass.slice(0, i) + (b.pass[i] === 'A' ? 'B' : 'A') + b.pass.slice(i + 1);
    const d = await check(altered);
    expect(d.decision).toBe('DENY');
    expect(['forged', 'malformed']).toContain(d.reason);
    const row = w.db.prepare('SELECT status FROM bookings WHERE id = ?').get(b.id);
    expect(row).toEqual({ status: 'pending' });
  });

  it("denies another lot's pass as wrong_lot without revealing the booking", async () => {
    const b = w.addBooking({ lot: LOT_B, start: T0, end: T0 + HOUR });
    expect(await check(b.pass, LOT_A)).toMatchObject({ decision: 'DENY', reason: 'wrong_lot', booking: null });
  });

  it('denies too early with the local entry time, then admits within the entry grace', async () => {
    const b = w.addBooking({ start: T0 + HOUR, end: T0 + 3 * HOUR });
    const early = await check(b.pass);
    expect(early).toMatchObject({ decision: 'DENY', reason: 'too_early', message: 'Too early: entry from 10:45' });
    w.clock.t = T0 + 45 * MIN;
    expect((await check(b.pass)).decision).toBe('ADMIT');
  });

  it('denies after the booked end, and a no-show after the no-show window', async () => {
    const ended = w.addBooking({ start: T0 - 3 * HOUR, end: T0 - MIN });
    expect(await check(ended.pass)).toMatchObject({ decision: 'DENY', reason: 'expired' });
    const noShow = w.addBooking({ plate: 'NS1', start: T0 - 61 * MIN, end: T0 + 5 * HOUR });
    const d = await check(noShow.pass);
    expect(d).toMatchObject({ decision: 'DENY', reason: 'expired' });
    expect(d.message).toMatch(/not checked in by/);
  });

  it('denies a cancelled booking', async () => {
    const c = w.addBooking({ start: T0, end: T0 + HOUR, status: 'cancelled' });
    expect(await check(c.pass)).toMatchObject({ decision: 'DENY', reason: 'cancelled' });
  });

  it('admits a valid pass for a booking it has never seen and creates the booking from the signed payload', async () => {
    const b = w.addBooking({ plate: 'NEW1', start: T0 - MIN, end: T0 + HOUR, unseen: true });
    const d = await check(b.pass);
    expect(d).toMatchObject({ decision: 'ADMIT', bay_number: 1 });
    const row = w.db.prepare('SELECT source, status, vehicle_number, start_time, qr_code FROM bookings WHERE id = ?').get(b.id);
    expect(row).toEqual({ source: 'prebooked', status: 'active', vehicle_number: 'NEW1', start_time: T0 - MIN, qr_code: b.pass });
    const cmd = outboxRows(w.db).find((o) => o.id === d.id);
    expect(JSON.parse(cmd?.payload ?? '{}').booking.id).toBe(b.id);
  });

  it('does not create an unseen booking when the answer is DENY', async () => {
    const b = w.addBooking({ start: T0 + 5 * HOUR, end: T0 + 6 * HOUR, unseen: true });
    expect((await check(b.pass)).reason).toBe('too_early');
    expect(w.db.prepare('SELECT count(*) AS n FROM bookings WHERE id = ?').get(b.id)).toEqual({ n: 0 });
  });

  it('answers malformed for text that is neither a pass nor a PIN', async () => {
    expect(await check('hello')).toMatchObject({ decision: 'DENY', reason: 'malformed' });
  });
});

describe('gate check with a PIN', () => {
  it('admits a PIN at its lot within its window, and not at another lot', async () => {
    w.addBooking({ pin: '4321', start: T0, end: T0 + HOUR });
    expect(await check('4321', LOT_B)).toMatchObject({ decision: 'DENY', reason: 'unknown' });
    expect(await check('4321', LOT_A)).toMatchObject({ decision: 'ADMIT' });
  });

  it('picks the booking whose window is now when a PIN is reused on other days', async () => {
    w.addBooking({ plate: 'OLD', pin: '5555', start: T0 - 24 * HOUR, end: T0 - 20 * HOUR });
    const today = w.addBooking({ plate: 'TODAY', pin: '5555', start: T0, end: T0 + HOUR });
    w.addBooking({ plate: 'LATER', pin: '5555', start: T0 + 48 * HOUR, end: T0 + 50 * HOUR });
    expect((await check('5555')).booking?.id).toBe(today.id);
  });

  it('tells why a PIN is refused from the history when no live booking can use it, and admits a live one over it', async () => {
    // The gate looks among live bookings first (a small index) and in the history only for a refusal.
    w.addBooking({ plate: 'GONE', pin: '6001', start: T0, end: T0 + HOUR, status: 'cancelled' });
    expect(await check('6001')).toMatchObject({ decision: 'DENY', reason: 'cancelled' });
    w.addBooking({ plate: 'INSIDE', pin: '6002', start: T0 - HOUR, end: T0 + HOUR, status: 'active', bay: 2 });
    expect(await check('6002')).toMatchObject({ decision: 'DENY', reason: 'already_inside' });
    w.addBooking({ plate: 'EARLY', pin: '6003', start: T0 + 5 * HOUR, end: T0 + 6 * HOUR });
    expect(await check('6003')).toMatchObject({ decision: 'DENY', reason: 'too_early' });
    w.addBooking({ plate: 'CANCELLED', pin: '6004', start: T0, end: T0 + HOUR, status: 'cancelled' });
    const live = w.addBooking({ plate: 'LIVE', pin: '6004', start: T0 + 5 * MIN, end: T0 + 2 * HOUR });
    expect(await check('6004')).toMatchObject({ decision: 'ADMIT', booking: { id: live.id } });
    expect(await check('6009')).toMatchObject({ decision: 'DENY', reason: 'unknown' });
  });

  it('locks PIN entry after 5 wrong PINs within 5 minutes; every attempt is audited; the lock ends', async () => {
    const b = w.addBooking({ pin: '4321', start: T0, end: T0 + 2 * HOUR });
    for (let i = 0; i < 4; i++) {
      const d = await check(`000${i}`);
      expect(d).toMatchObject({ reason: 'unknown', pin_locked_until: null });
      w.clock.t += 30_000;
    }
    const fifth = await check('0009');
    expect(fifth.reason).toBe('unknown');
    expect(fifth.pin_locked_until).toBe(w.clock.t + 5 * MIN);
    const locked = await check('4321'); // even the right PIN waits
    expect(locked).toMatchObject({ decision: 'DENY', reason: 'pin_locked' });
    expect(locked.message).toMatch(/try again after/);
    // A pass still works while PINs are locked.
    expect((await check(b.pass)).decision).toBe('ADMIT');
    expect(auditRows(w.db, 'gate.decision')).toHaveLength(7);
    w.clock.t += 5 * MIN + 1;
    expect((await check('4321')).reason).toBe('already_inside');
  });

  it('a known old PIN typed between guesses does not reset the count; a live one refused for its time neither counts', async () => {
    w.addBooking({ pin: '7777', status: 'cancelled', start: T0 - 2 * HOUR, end: T0 - HOUR });
    w.addBooking({ pin: '8888', start: T0 + 3 * HOUR, end: T0 + 4 * HOUR });
    const reasons: Array<string | null> = [];
    for (const pin of ['0001', '0002', '7777', '8888', '0003', '8888', '0004']) reasons.push((await check(pin)).reason);
    expect(reasons).toEqual(['unknown', 'unknown', 'cancelled', 'too_early', 'unknown', 'too_early', 'unknown']);
    expect((await check('8888')).reason).toBe('pin_locked');
  });

  it('does not lock for wrong PINs spread over more than 5 minutes', async () => {
    for (let i = 0; i < 6; i++) {
      expect((await check('0001')).reason).toBe('unknown');
      w.clock.t += 2 * MIN;
    }
  });
});

describe('gate override and recent decisions', () => {
  it('admits against the rules with a reason, audited with what the rule said', async () => {
    const b = w.addBooking({ start: T0 + 5 * HOUR, end: T0 + 6 * HOUR });
    const ctx = await w.ctx();
    const d = await w.booth.handlers['gate.override']({ lot_id: LOT_A, booking_id: b.id, reason: 'barrier fault' }, ctx);
    expect(d).toMatchObject({ decision: 'ADMIT', booking: { status: 'active' } });
    const audit = auditRows(w.db, 'gate.decision').at(-1);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ override_reason: 'barrier fault', rule_said: 'too_early' });
    const recent = await w.booth.handlers['gate.recent']({ lot_id: LOT_A, limit: 5 }, ctx);
    expect(recent[0]).toMatchObject({ id: d.id, decision: 'ADMIT' });
  });

  it('refuses to override a cancelled booking', async () => {
    const b = w.addBooking({ start: T0, end: T0 + HOUR, status: 'cancelled' });
    const ctx = await w.ctx();
    await expect(async () => w.booth.handlers['gate.override']({ lot_id: LOT_A, booking_id: b.id, reason: 'VIP guest' }, ctx)).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('admits by override a pass it has not synced yet, right after denying it, from the signed pass', async () => {
    const b = w.addBooking({ start: T0 + 2 * HOUR, end: T0 + 3 * HOUR, unseen: true });
    const ctx = await w.ctx();
    const override = (id: string) => w.booth.handlers['gate.override']({ lot_id: LOT_A, booking_id: id, reason: 'barrier fault, driver early' }, ctx);
    // Never scanned here: nothing to admit.
    await expect(async () => override(b.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await check(b.pass)).toMatchObject({ decision: 'DENY', reason: 'too_early' });
    expect(override(b.id)).toMatchObject({ decision: 'ADMIT' });
    expect(w.db.prepare('SELECT status, qr_code FROM bookings WHERE id = ?').get(b.id)).toEqual({ status: 'active', qr_code: b.pass });
    const command = outboxRows(w.db).at(-1)!;
    expect(command.type).toBe('booking.check_in');
    expect(JSON.parse(command.payload)).toMatchObject({ via: 'override', booking: { id: b.id, qr_code: b.pass } });
  });

  it('refuses a gate check without a staff session', async () => {
    expect(() => w.booth.handlers['gate.check']({ lot_id: LOT_A, code: '1234' }, { staff: null, session_token: null })).toThrow(/Sign in/);
  });
});
