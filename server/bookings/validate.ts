/**
 * The gate check online: a lot's owner (or an admin) submits what was scanned or typed, and the server admits
 * or denies with a reason, recording check-in (taking a bay) or check-out (freeing it, pricing any overstay).
 * Anti-passback: an entry needs a booking not inside; an exit needs one that is.
 */
import type { z } from 'zod';
import type { ValidateBody, ValidateDenyReason, ValidateResult } from '../../src/shared/api/bookings';
import { quoteOverstay } from '../../src/shared/fees';
import { classifyCode, type PassVerifier } from '../../src/shared/pass';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { centsToDecimal, decimalToCents } from '../db/money';
import { tariffOf } from '../spots/mapper';
import * as lots from '../spots/repository';
import { manageableLot } from '../spots/service';
import { toBooking } from './mapper';
import * as repo from './repository';
import { committed, recordChange } from './service';

const MINUTE = 60_000;

const deny = (reason: ValidateDenyReason, booking: repo.BookingRow | null = null): ValidateResult => ({
  decision: 'deny',
  reason,
  booking: booking && toBooking(booking),
  bay_index: null,
  amount_due_cents: 0,
});

async function findTarget(tx: Executor, verifier: PassVerifier, lotId: string, code: string): Promise<repo.BookingRow | ValidateDenyReason> {
  const kind = classifyCode(code);
  if (kind.kind === 'malformed') return 'malformed';
  if (kind.kind === 'pin') return (await repo.findByPin(tx, lotId, kind.pin)) ?? 'unknown';
  const check = verifier.verify(kind.token);
  if (!check.ok) return check.reason;
  if (check.payload.lot_id !== lotId) return 'wrong_lot';
  const booking = await repo.findBooking(tx, check.payload.booking_id, true);
  if (!booking) return 'unknown';
  return booking.spotId === lotId ? booking : 'wrong_lot';
}

export async function validatePass(
  db: Executor,
  verifier: PassVerifier,
  actor: Actor,
  input: z.infer<typeof ValidateBody>,
): Promise<ValidateResult> {
  let changedLot: string | null = null;
  const result = await db.transaction(async (tx): Promise<ValidateResult> => {
    const lot = await manageableLot(tx, actor, input.spot_id);
    const target = await findTarget(tx, verifier, lot.id, input.code);
    if (typeof target === 'string') return deny(target);
    const b = target;
    if (b.status === 'cancelled') return deny('cancelled', b);
    if (b.status === 'completed') return deny('completed', b);
    const now = Date.now();

    if (input.direction === 'entry') {
      if (b.status === 'active') return deny('already_inside', b);
      if (now < b.startTime.getTime() - lot.entryGraceMinutes * MINUTE) return deny('too_early', b);
      if (now >= b.endTime.getTime() || now > b.startTime.getTime() + lot.noShowMinutes * MINUTE) return deny('expired', b);
      const bay = await repo.takeFreeBay(tx, lot.id);
      if (!bay) return deny('lot_full', b);
      const updated = await repo.updateBooking(tx, b.id, { status: 'active', checkInTime: new Date(now), bayId: bay.id });
      await recordChange(db, tx, 'gate', updated, await lots.refreshCounts(tx, lot.id));
      changedLot = lot.id;
      return { decision: 'admit', reason: null, booking: toBooking(updated), bay_index: bay.indexNumber, amount_due_cents: 0 };
    }

    if (b.status !== 'active') return deny('not_inside', b);
    const overstay = quoteOverstay(tariffOf(lot), b.endTime.getTime(), now, lot.exitGraceMinutes).amount_cents;
    if (b.bayId) await repo.freeBay(tx, b.bayId);
    const updated = await repo.updateBooking(tx, b.id, {
      status: 'completed',
      checkOutTime: new Date(now),
      parkingCost: centsToDecimal(decimalToCents(b.totalCost) + overstay),
    });
    await recordChange(db, tx, 'gate', updated, await lots.refreshCounts(tx, lot.id));
    changedLot = lot.id;
    return { decision: 'admit', reason: null, booking: toBooking(updated), bay_index: await repo.bayIndex(tx, b.bayId), amount_due_cents: overstay };
  });
  if (changedLot) committed(db, [changedLot]);
  return result;
}
