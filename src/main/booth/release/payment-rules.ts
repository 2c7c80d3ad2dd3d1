import { BoothError } from '../../../shared/contract/errors';
import type { Booking } from '../../../shared/contract';
import type { BoothPaymentMethod } from '../../../shared/domain';

export interface PaymentInput {
  method: BoothPaymentMethod;
  amount_cents: number;
  tendered_cents?: number | undefined;
  reason?: string | undefined;
}

/**
 * Checks a release payment against the amount due (pure); returns the change to hand back. `amount_cents` is
 * what the booth collects now. Anything less than due — nil, a waived fee, a prepaid car that overstayed, a car
 * released without a check-in — needs a reason, so every such case reaches the manager through the audit log.
 */
export function checkPayment(p: PaymentInput, dueCents: number, booking: Pick<Booking, 'status' | 'source'>): { change_cents: number } {
  const fail = (field: string, message: string): never => {
    throw new BoothError('invalid_input', message, { [field]: message });
  };
  if (p.amount_cents > dueCents) fail('amount_cents', `More than the ${dueCents} cents due`);
  if ((p.method === 'nil' || p.method === 'prepaid') && p.amount_cents !== 0) fail('amount_cents', `A ${p.method} release collects nothing`);
  if (p.method === 'prepaid' && booking.source !== 'prebooked') fail('method', 'Only a pre-booked car can be released as prepaid');
  if (p.method === 'nil' && !p.reason) fail('reason', 'A nil payment needs a reason');
  if (p.amount_cents < dueCents && !p.reason) fail('reason', `Collecting less than the ${dueCents} cents due needs a reason`);
  if (booking.status === 'pending' && !p.reason) fail('reason', 'Releasing a car that never checked in needs a reason');
  if (p.method !== 'cash') {
    if (p.tendered_cents !== undefined && p.tendered_cents !== p.amount_cents) fail('tendered_cents', 'Only cash is tendered');
    return { change_cents: 0 };
  }
  const tendered = p.tendered_cents ?? p.amount_cents;
  if (tendered < p.amount_cents) fail('tendered_cents', 'Less cash tendered than the amount');
  return { change_cents: tendered - p.amount_cents };
}
