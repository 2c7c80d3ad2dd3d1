// The bay a manager clicked: its state, who is in it, its recent bookings; block/unblock for managers.
import { useEffect, useState } from 'react';
import type { Bay, Booking } from '../../../shared/contract';
import { messageOf } from '../client';
import { useBooth } from '../lib/booth-context';
import { formatDateTime } from '../lib/words';
import { STATE_LABEL } from './BayTile';

export function BayPanel({ bay, onClose }: { bay: Bay; onClose(): void }) {
  const { client, staff, lot } = useBooth();
  const [history, setHistory] = useState<Booking[] | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const manager = staff.role === 'manager';

  useEffect(() => {
    client['floor.bayHistory']({ bay_id: bay.id, limit: 10 }).then(setHistory, (e: unknown) => setError(messageOf(e)));
  }, [client, bay.id, bay.state]);

  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      setReason('');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <aside className="bay-panel" aria-label={`Bay ${bay.number} details`}>
      <div className="row">
        <h2>Bay {bay.number}</h2>
        <button type="button" className="btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        <strong>{STATE_LABEL[bay.state]}</strong>
        {bay.vehicle_number && <> · <span className="plate">{bay.vehicle_number}</span></>}
        {bay.since !== null && <> · since {formatDateTime(bay.since, lot.time_zone)}</>}
      </p>
      {bay.blocked_reason && <p>Blocked: {bay.blocked_reason}</p>}
      {manager && bay.state === 'blocked' && (
        <button type="button" className="btn-primary" onClick={() => void act(() => client['floor.unblockBay']({ bay_id: bay.id }))}>
          Unblock bay
        </button>
      )}
      {manager && bay.state === 'available' && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => client['floor.blockBay']({ bay_id: bay.id, reason }));
          }}
        >
          <label htmlFor="block-reason">Block reason</label>
          <input id="block-reason" className="big-input" value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} required />
          <button type="submit" className="btn-primary">
            Block bay
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h3>Recent bookings</h3>
      {history === null ? (
        <p className="muted">Loading…</p>
      ) : history.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="history">
          {history.map((b) => (
            <li key={b.id}>
              <span className="plate">{b.vehicle_number}</span> · {b.status} · {formatDateTime(b.check_in_time ?? b.start_time, lot.time_zone)}
              {b.check_out_time !== null && <> → {formatDateTime(b.check_out_time, lot.time_zone)}</>}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
