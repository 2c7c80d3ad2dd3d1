import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../src/main/booth/staff/pin-hash';
import { ATTENDANT, MANAGER, MIN, auditRows, makeWorld, type World } from './fixtures/world';

let w: World;
beforeEach(() => {
  w = makeWorld();
});
afterEach(() => w.close());

const signIn = (staff_id: string, pin: string, float_cents?: number) =>
  w.booth.handlers['staff.signIn']({ staff_id, pin, float_cents }, { staff: null, session_token: null });

describe('staff', () => {
  it('lists staff for the sign-in picker, without their PIN hashes', async () => {
    const list = await w.booth.handlers['staff.list']({}, { staff: null, session_token: null });
    expect(list).toEqual([
      { id: MANAGER.id, name: 'Morgan', role: 'manager' },
      { id: ATTENDANT.id, name: 'Ash', role: 'attendant' },
    ]);
  });

  it('stores PINs as salted scrypt hashes and checks them', async () => {
    const stored = (w.db.prepare('SELECT pin_hash FROM staff WHERE id = ?').get(ATTENDANT.id) as { pin_hash: string }).pin_hash;
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain(ATTENDANT.pin);
    const a = await hashPin('1357');
    expect(a).not.toBe(await hashPin('1357')); // salted
    expect(await verifyPin('1357', a)).toBe(true);
    expect(await verifyPin('1358', a)).toBe(false);
    expect(await verifyPin('1357', 'scrypt$garbage')).toBe(false);
  });

  it('signs in with the right PIN, opens a shift with the float, and resumes it at the next sign-in', async () => {
    const first = await signIn(ATTENDANT.id, ATTENDANT.pin, 5_000);
    expect(first.staff).toEqual({ id: ATTENDANT.id, name: 'Ash', role: 'attendant' });
    expect(first.shift).toMatchObject({ float_cents: 5_000, closed_at: null, opened_at: w.clock.t });
    expect(w.booth.sessions.resolve(first.session_token)).toEqual(first.staff);
    const second = await signIn(ATTENDANT.id, ATTENDANT.pin, 9_999);
    expect(second.shift.id).toBe(first.shift.id);
    expect(second.shift.float_cents).toBe(5_000);
    expect(auditRows(w.db, 'staff.sign_in')).toHaveLength(2);
  });

  it('refuses a wrong PIN or an unknown staff member with the same answer, and audits it', async () => {
    await expect(signIn(ATTENDANT.id, '9999')).rejects.toMatchObject({ code: 'unauthenticated', message: 'Wrong staff member or PIN' });
    await expect(signIn('nobody', '9999')).rejects.toMatchObject({ code: 'unauthenticated', message: 'Wrong staff member or PIN' });
    const failed = auditRows(w.db, 'staff.sign_in_failed');
    expect(failed).toHaveLength(2);
    expect(failed.every((r) => !r.detail.includes('9999'))).toBe(true);
  });

  it('locks sign-in for a staff member after 5 wrong PINs within 5 minutes', async () => {
    for (let i = 0; i < 5; i++) await expect(signIn(MANAGER.id, '0000')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(signIn(MANAGER.id, MANAGER.pin)).rejects.toMatchObject({ code: 'locked' });
    // Other staff are not affected.
    expect((await signIn(ATTENDANT.id, ATTENDANT.pin)).staff.id).toBe(ATTENDANT.id);
    w.clock.t += 5 * MIN + 1;
    expect((await signIn(MANAGER.id, MANAGER.pin)).staff.role).toBe('manager');
  });

  it('locks sign-in even for guesses sent all at once, the right PIN among them', async () => {
    const guesses = [...Array.from({ length: 40 }, (_, i) => String(1000 + i)), MANAGER.pin];
    const answers = await Promise.allSettled(guesses.map((pin) => signIn(MANAGER.id, pin)));
    const codes = answers.map((a) => (a.status === 'fulfilled' ? 'signed_in' : (a.reason as { code: string }).code));
    expect(codes.filter((c) => c === 'unauthenticated')).toHaveLength(5);
    expect(codes.slice(5)).toEqual(Array(36).fill('locked'));
  });

  it('signs out: closes the shift and ends the session; a restart also signs staff out', async () => {
    const s = await signIn(ATTENDANT.id, ATTENDANT.pin, 2_000);
    const ctx = { staff: s.staff, session_token: s.session_token };
    const closed = await w.booth.handlers['staff.signOut']({ counted_cash_cents: 2_000 }, ctx);
    expect(closed).toMatchObject({ id: s.shift.id, cash_difference_cents: 0 });
    expect(() => w.booth.handlers['shift.current']({}, ctx)).toThrow(/Sign in/);
    const next = await signIn(ATTENDANT.id, ATTENDANT.pin);
    expect(next.shift.id).not.toBe(s.shift.id);
  });

  it('signs out for a break without a count: the shift stays open and resumes at the next sign-in', async () => {
    const s = await signIn(ATTENDANT.id, ATTENDANT.pin, 2_000);
    const ctx = { staff: s.staff, session_token: s.session_token };
    const open = await w.booth.handlers['staff.signOut']({}, ctx);
    expect(open).toMatchObject({ id: s.shift.id, closed_at: null, counted_cash_cents: null });
    expect(() => w.booth.handlers['shift.current']({}, ctx)).toThrow(/Sign in/);
    const back = await signIn(ATTENDANT.id, ATTENDANT.pin);
    expect(back.shift).toMatchObject({ id: s.shift.id, float_cents: 2_000 });
    expect(auditRows(w.db, 'staff.sign_out').map((r) => JSON.parse(r.detail))).toEqual([{ shift_id: s.shift.id, shift_closed: false }]);
  });

  it('reports the booth status to a signed-in staff member', async () => {
    const ctx = await w.ctx();
    const status = await w.booth.handlers['booth.status']({}, ctx);
    expect(status).toMatchObject({ booth_id: w.booth.boothId, staff: { id: ATTENDANT.id }, now: w.clock.t });
    expect(status.lots.map((l) => l.name)).toEqual(['Lot A', 'Lot B']);
    expect(status.sync).toMatchObject({ online: false, enrolled: false, outbox_depth: 1 });
  });
});
