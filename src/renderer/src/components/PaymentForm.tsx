// The fee breakdown and the payment: cash (with change due), card at the booth, prepaid, or nil with a reason.
import { useState } from 'react';
import type { FeeQuote } from '../../../shared/contract';
import type { BoothPaymentMethod } from '../../../shared/domain';
import { messageOf } from '../client';
import { useBooth } from '../lib/booth-context';
import { parseCents } from '../lib/money';
import { formatCents } from '../lib/words';

const METHODS: Array<[BoothPaymentMethod, string]> = [
  ['cash', 'Cash'],
  ['card', 'Card at booth'],
  ['prepaid', 'Prepaid'],
  ['nil', 'No charge'],
];

interface Props {
  quote: FeeQuote;
  lostPass: boolean;
  onDone(message: string): void;
  onError(message: string): void;
}

export function PaymentForm({ quote, lostPass, onDone, onError }: Props) {
  const { client } = useBooth();
  const due = quote.due_cents;
  // Only a pre-booked car can have paid ahead; a walk-in leaving within its free minutes pays 0 in cash.
  const prebooked = quote.booking.source === 'prebooked';
  const methods = METHODS.filter(([m]) => m !== 'prepaid' || prebooked);
  const [method, setMethod] = useState<BoothPaymentMethod>(due === 0 && prebooked ? 'prepaid' : 'cash');
  const [tendered, setTendered] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const tenderedCents = parseCents(tendered);
  const change = method === 'cash' && tenderedCents !== null ? tenderedCents - due : null;

  async function complete() {
    setBusy(true);
    try {
      const amount = method === 'nil' ? 0 : due;
      const out = await client['release.complete']({
        booking_id: quote.booking.id,
        method,
        amount_cents: amount,
        tendered_cents: method === 'cash' && tenderedCents !== null ? tenderedCents : undefined,
        lost_pass: lostPass,
        reason: reason.trim() ? reason.trim() : undefined,
        quoted_at: quote.quoted_at,
      });
      const bay = out.booking.bay_number;
      const changeText = out.payment.change_cents > 0 ? ` Change due ${formatCents(out.payment.change_cents)}.` : '';
      onDone(`Released ${out.booking.vehicle_number}: ${formatCents(out.payment.amount_cents)} paid (${method}).${changeText}${bay !== null ? ` Bay ${bay} is free.` : ''}`);
    } catch (e) {
      onError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="payment"
      onSubmit={(e) => {
        e.preventDefault();
        void complete();
      }}
    >
      <table className="fee-lines">
        <caption className="visually-hidden">Fee breakdown</caption>
        <tbody>
          {quote.prepaid_cents > 0 && (
            <tr>
              <th scope="row">Prepaid</th>
              <td>{formatCents(quote.prepaid_cents)}</td>
            </tr>
          )}
          {quote.lines.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.label}</th>
              <td>{formatCents(l.amount_cents)}</td>
            </tr>
          ))}
          <tr className="fee-total">
            <th scope="row">Due now</th>
            <td data-testid="due">{formatCents(due)}</td>
          </tr>
        </tbody>
      </table>
      <fieldset className="segmented">
        <legend>Payment</legend>
        {methods.map(([m, label]) => (
          <label key={m} className={method === m ? 'seg seg-on' : 'seg'}>
            <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />
            {label}
          </label>
        ))}
      </fieldset>
      {method === 'cash' && (
        <div className="row">
          <label htmlFor="tendered">Cash received</label>
          <input id="tendered" className="big-input money" autoFocus inputMode="decimal" autoComplete="off" value={tendered} onChange={(e) => setTendered(e.target.value)} />
          <output htmlFor="tendered" className="change" aria-live="polite">
            {change === null ? '' : change >= 0 ? `Change due ${formatCents(change)}` : `Short by ${formatCents(-change)}`}
          </output>
        </div>
      )}
      {(method === 'nil' || lostPass) && (
        <div className="row">
          <label htmlFor="reason">Reason</label>
          <input id="reason" className="big-input" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <button type="submit" className="btn-primary btn-wide" disabled={busy || (method === 'cash' && (change === null || change < 0) && due > 0)}>
        Complete release
      </button>
    </form>
  );
}
