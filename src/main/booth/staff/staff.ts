import type Database from 'better-sqlite3';
import { BoothError } from '../../../shared/contract/errors';
import type { Shift, Staff } from '../../../shared/contract';
import type { Core } from '../core/core';
import { record } from '../core/record';
import { PinAttempts } from '../gate/pin-attempts';
import { formatLocalTime } from '../gate/messages';
import { DUMMY_HASH, verifyPin } from './pin-hash';
import type { Session, Sessions } from './sessions';
import type { ShiftStore } from './shifts';

interface StaffRow extends Staff {
  pin_hash: string;
}

/** Sign-in/out and shifts. A wrong PIN is counted per staff member, so guessing one account's PIN locks it. */
export class StaffService {
  private readonly active: Database.Statement;
  private readonly one: Database.Statement;
  /** The attempt in progress per staff member (see signIn). */
  private readonly attemptsInFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly core: Core,
    private readonly sessions: Sessions,
    private readonly shifts: ShiftStore,
    private readonly attempts: PinAttempts,
    private readonly timeZone: () => string,
  ) {
    this.active = core.sqlite.prepare("SELECT id, name, role FROM staff WHERE active = 1 ORDER BY role DESC, name");
    this.one = core.sqlite.prepare('SELECT id, name, role, pin_hash FROM staff WHERE id = ? AND active = 1');
  }

  list(): Staff[] {
    return this.active.all() as Staff[];
  }

  /**
   * One attempt per staff member at a time: checking a PIN awaits its hash, and attempts sent together would
   * otherwise all pass the lock check before any of them was counted.
   */
  async signIn(input: { staff_id: string; pin: string; float_cents?: number | undefined }) {
    const scope = `staff:${input.staff_id}`;
    const attempt = (this.attemptsInFlight.get(scope) ?? Promise.resolve()).catch(() => undefined).then(() => this.attemptSignIn(input, scope));
    this.attemptsInFlight.set(scope, attempt);
    try {
      return await attempt;
    } finally {
      if (this.attemptsInFlight.get(scope) === attempt) this.attemptsInFlight.delete(scope);
    }
  }

  private async attemptSignIn(input: { staff_id: string; pin: string; float_cents?: number | undefined }, scope: string) {
    const { core } = this;
    const row = this.one.get(input.staff_id) as StaffRow | undefined;
    const lockedUntil = this.attempts.lockedUntil(scope, core.now());
    if (lockedUntil !== null) {
      core.tx(() => record(core, { kind: 'staff.sign_in_refused', actorId: row?.id ?? null, lotId: null, detail: { staff_id: input.staff_id, locked_until: lockedUntil } }));
      throw new BoothError('locked', `Too many wrong PINs: sign-in locked until ${formatLocalTime(lockedUntil, this.timeZone(), core.now())}`);
    }
    const ok = await verifyPin(input.pin, row?.pin_hash ?? DUMMY_HASH);
    const now = core.now();
    if (!row || !ok) {
      core.tx(() => {
        const locked = this.attempts.add(scope, false, now);
        record(core, { kind: 'staff.sign_in_failed', actorId: null, lotId: null, detail: { staff_id: input.staff_id, locked_until: locked } }, now);
      });
      throw new BoothError('unauthenticated', 'Wrong staff member or PIN', { pin: 'wrong PIN' });
    }
    const staff: Staff = { id: row.id, name: row.name, role: row.role };
    const shift = core.tx(() => {
      this.attempts.add(scope, true, now);
      const { shift, opened } = this.shifts.openOrResume(staff.id, input.float_cents ?? 0, now);
      record(core, {
        kind: 'staff.sign_in',
        actorId: staff.id,
        lotId: null,
        detail: { shift_id: shift.id, shift_opened: opened, float_cents: shift.float_cents },
        command: { type: opened ? 'shift.open' : 'shift.resume', payload: { shift_id: shift.id, staff_id: staff.id, float_cents: shift.float_cents, opened_at: shift.opened_at } },
      }, now);
      return shift;
    });
    return { session_token: this.sessions.open(staff, shift.id, now), staff, shift };
  }

  /**
   * Ends the session. With the counted cash the shift closes (expected vs counted recorded); without it the shift
   * stays open, as for a break, and resumes at this staff member's next sign-in: closing a shift needs a count.
   */
  signOut(session: Session, countedCashCents: number | null): Shift {
    const { core } = this;
    if (countedCashCents === null) {
      core.tx(() =>
        record(core, { kind: 'staff.sign_out', actorId: session.staff.id, lotId: null, detail: { shift_id: session.shiftId, shift_closed: false } }),
      );
      this.sessions.closeStaff(session.staff.id);
      return this.shifts.get(session.shiftId);
    }
    const shift = core.tx(() => {
      const closed = this.shifts.closeShift(session.shiftId, countedCashCents, core.now());
      record(core, {
        kind: 'staff.sign_out',
        actorId: session.staff.id,
        lotId: null,
        detail: { shift_id: closed.id, takings: closed.takings, counted_cash_cents: closed.counted_cash_cents, cash_difference_cents: closed.cash_difference_cents },
        command: { type: 'shift.close', payload: { ...closed } },
      });
      return closed;
    });
    this.sessions.closeStaff(session.staff.id);
    return shift;
  }

  current(session: Session): Shift {
    return this.shifts.get(session.shiftId);
  }
}
