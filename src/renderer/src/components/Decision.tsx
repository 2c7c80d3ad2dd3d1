// The gate's answer, big enough to read from the car: green ADMIT with bay, plate and window, or red DENY and why.
import type { GateDecision } from '../../../shared/contract';
import { denyTitle, formatTime, formatWindow } from '../lib/words';

export function DecisionPanel({ decision, timeZone }: { decision: GateDecision | null; timeZone: string }) {
  if (!decision) {
    return (
      <section className="decision decision-idle" role="status" aria-live="assertive" aria-label="Gate decision">
        <p className="decision-word">Ready</p>
        <p className="decision-detail">Scan a pass or type a PIN</p>
      </section>
    );
  }
  const b = decision.booking;
  if (decision.decision === 'ADMIT') {
    return (
      <section className="decision decision-admit" data-decision-id={decision.id} role="status" aria-live="assertive" aria-label="Gate decision">
        <p className="decision-word">ADMIT</p>
        {decision.bay_number !== null && <p className="decision-bay">Bay {decision.bay_number}</p>}
        {b && <p className="decision-detail plate">{b.vehicle_number}</p>}
        {b && <p className="decision-detail">{formatWindow(b.start_time, b.end_time, timeZone)}</p>}
      </section>
    );
  }
  const title = decision.reason ? denyTitle[decision.reason] : 'Denied';
  return (
    <section className="decision decision-deny" data-decision-id={decision.id} role="status" aria-live="assertive" aria-label="Gate decision">
      <p className="decision-word">DENY</p>
      <p className="decision-reason">{title}</p>
      {decision.message !== title && <p className="decision-detail">{decision.message}</p>}
      {decision.pin_locked_until !== null && (
        <p className="decision-detail">PIN entry opens again at {formatTime(decision.pin_locked_until, timeZone)}</p>
      )}
    </section>
  );
}

export function RecentDecisions({ items, timeZone }: { items: GateDecision[]; timeZone: string }) {
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent decisions</h2>
      {items.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ol className="recent-list">
          {items.map((d) => (
            <li key={d.id} className={d.decision === 'ADMIT' ? 'recent-admit' : 'recent-deny'}>
              <span className="recent-time">{formatTime(d.decided_at, timeZone)}</span>
              <span className="recent-word">{d.decision}</span>
              <span>{d.booking?.vehicle_number ?? '—'}</span>
              <span>{d.bay_number !== null ? `Bay ${d.bay_number}` : ''}</span>
              <span className="recent-reason">{d.reason ? denyTitle[d.reason] : ''}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
