// Shift close: takings by method, entries and exits, the counted cash → expected vs counted, then hand over.
import { useEffect, useState } from 'react';
import type { Shift as ShiftRecord } from '../../../shared/contract';
import { BoothPaymentMethod } from '../../../shared/domain';
import { messageOf } from '../client';
import { useBooth } from '../lib/booth-context';
import { parseCents } from '../lib/money';
import { formatCents, formatDateTime } from '../lib/words';

const METHOD_LABEL: Record<BoothPaymentMethod, string> = { cash: 'Cash', card: 'Card at booth', prepaid: 'Prepaid', nil: 'No charge' };

function ShiftFigures({ shift, timeZone }: { shift: ShiftRecord; timeZone: string }) {
  const expectedCash = shift.float_cents + (shift.takings.cash ?? 0);
  return (
    <table className="fee-lines">
      <caption className="visually-hidden">Shift figures</caption>
      <tbody>
        <tr><th scope="row">Opened</th><td>{formatDateTime(shift.opened_at, timeZone)}</td></tr>
        <tr><th scope="row">Entries / exits</th><td>{shift.entries} / {shift.exits}</td></tr>
        <tr><th scope="row">Float</th><td>{formatCents(shift.float_cents)}</td></tr>
        {BoothPaymentMethod.options.map((m) => (
          <tr key={m}><th scope="row">{METHOD_LABEL[m]}</th><td>{formatCents(shift.takings[m] ?? 0)}</td></tr>
        ))}
        <tr className="fee-total"><th scope="row">Cash expected in drawer</th><td>{formatCents(expectedCash)}</td></tr>
        {shift.counted_cash_cents !== null && <tr><th scope="row">Cash counted</th><td>{formatCents(shift.counted_cash_cents)}</td></tr>}
        {shift.cash_difference_cents !== null && (
          <tr className="fee-total">
            <th scope="row">{shift.cash_difference_cents < 0 ? 'Short' : 'Over'}</th>
            <td>{formatCents(Math.abs(shift.cash_difference_cents))}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function Shift() {
  const { client, lot, signedOut } = useBooth();
  const [shift, setShift] = useState<ShiftRecord | null>(null);
  const [closed, setClosed] = useState<ShiftRecord | null>(null);
  const [counted, setCounted] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client['shift.current']({}).then(setShift, (e: unknown) => setError(messageOf(e)));
  }, [client]);

  async function close() {
    const cents = parseCents(counted);
    if (cents === null) return setError('Type the cash counted in the drawer, e.g. 125.50.');
    try {
      setClosed(await client['staff.signOut']({ counted_cash_cents: cents }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (closed) {
    return (
      <section className="shift" aria-label="Shift closed">
        <h2>Shift closed</h2>
        <ShiftFigures shift={closed} timeZone={lot.time_zone} />
        <button type="button" className="btn-primary" onClick={signedOut}>
          Hand over
        </button>
      </section>
    );
  }
  return (
    <section className="shift" aria-label="Shift">
      <h2>Your shift</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {shift && <ShiftFigures shift={shift} timeZone={lot.time_zone} />}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void close();
        }}
      >
        <label htmlFor="counted">Cash counted</label>
        <input id="counted" className="big-input narrow" inputMode="decimal" autoComplete="off" value={counted} onChange={(e) => setCounted(e.target.value)} />
        <button type="submit" className="btn-primary">
          Close shift and sign out
        </button>
      </form>
    </section>
  );
}
