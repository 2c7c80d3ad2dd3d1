// Admit against the rules (barrier fault, VIP, emergency): only for a known booking, only with a reason; audited.
import { useState } from 'react';
import type { GateDecision } from '../../../shared/contract';
import { messageOf } from '../client';
import { useBooth } from '../lib/booth-context';

export function Override({ denied, onDecision, done }: { denied: GateDecision; onDecision(d: GateDecision): void; done(): void }) {
  const { client, lot } = useBooth();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!denied.booking) return null;
  const booking = denied.booking;

  if (!open) {
    return (
      <button type="button" className="btn-small" onClick={() => setOpen(true)}>
        Admit anyway…
      </button>
    );
  }
  return (
    <form
      className="row override"
      aria-label="Admit anyway"
      onSubmit={(e) => {
        e.preventDefault();
        client['gate.override']({ lot_id: lot.id, booking_id: booking.id, reason }).then(
          (d) => {
            setOpen(false);
            setReason('');
            onDecision(d);
            done();
          },
          (err: unknown) => setError(messageOf(err)),
        );
      }}
    >
      <label htmlFor="override-reason">Reason to admit {booking.vehicle_number}</label>
      <input id="override-reason" className="big-input" autoFocus autoComplete="off" minLength={3} required value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="btn-primary">
        Admit
      </button>
      <button type="button" className="btn-small" onClick={() => (setOpen(false), done())}>
        Cancel
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
