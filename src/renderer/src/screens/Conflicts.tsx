// The manager's list of open sync conflicts (e.g. two booths admitted one booking while offline), each resolved
// with a note that is audited and sent to the API.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BoothClient, SyncConflict } from '../../../shared/contract';
import type { BoothConnection } from '../client';
import { messageOf } from '../client';
import { batched, CHANGE_BURST_MS } from '../lib/batched';
import { useBooth } from '../lib/booth-context';
import { formatDateTime } from '../lib/words';

const KIND_WORDS: Record<string, string> = {
  double_check_in: 'Admitted twice (two gates)',
  check_in_after_cancel: 'Admitted after the booking was cancelled',
  check_in_after_close: 'Admitted after the booking was closed',
};

const kindWords = (kind: string) => KIND_WORDS[kind] ?? kind.replace(/_/g, ' ');

/** The time of one side of a conflict (`standing` / `rejected`), when the API recorded one. */
function sideAt(detail: Record<string, unknown>, side: 'standing' | 'rejected'): number | null {
  const v = detail[side];
  const at = v && typeof v === 'object' ? (v as { at?: unknown }).at : undefined;
  return typeof at === 'number' ? at : null;
}

/** Open conflicts at this booth, for the nav badge; refreshed after each burst of changes and every few seconds. */
export function useOpenConflictCount(connection: BoothConnection, enabled: boolean): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    const read = () => void connection.client['conflicts.list']({}).then((l) => setCount(l.length), () => undefined);
    read();
    const t = setInterval(read, 5000);
    const soon = batched(read, CHANGE_BURST_MS);
    const off = connection.onChange(soon);
    return () => (clearInterval(t), soon.cancel(), off());
  }, [connection, enabled]);
  return enabled ? count : 0;
}

export function Conflicts() {
  const { client, lot } = useBooth();
  const [rows, setRows] = useState<SyncConflict[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(() => {
    client['conflicts.list']({ lot_id: lot.id }).then(setRows, (e: unknown) => setError(messageOf(e)));
  }, [client, lot.id]);
  useEffect(load, [load]);

  return (
    <section className="conflicts" aria-label="Sync conflicts">
      <h2>Sync conflicts</h2>
      {error && <p className="error" role="alert">{error}</p>}
      <p role="status" className="muted">
        {done ?? ''}
      </p>
      {rows && rows.length === 0 && <p>No open conflicts.</p>}
      {rows && rows.length > 0 && (
        <ul className="conflict-list">
          {rows.map((c) => (
            <ConflictItem
              key={c.id}
              conflict={c}
              timeZone={lot.time_zone}
              client={client}
              onResolved={(plate) => {
                setError(null);
                setDone(`Conflict for ${plate} resolved.`);
                load();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictItem(props: { conflict: SyncConflict; timeZone: string; client: BoothClient; onResolved(plate: string): void }) {
  const { conflict: c, timeZone, client } = props;
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const plate = c.vehicle_number ?? 'unknown plate';
  const standing = sideAt(c.detail, 'standing');
  const rejected = sideAt(c.detail, 'rejected');
  const when = (ms: number | null) => (ms === null ? '—' : formatDateTime(ms, timeZone));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    client['conflicts.resolve']({ conflict_id: c.id, resolution: note }).then(
      () => props.onResolved(plate),
      (err: unknown) => {
        setError(messageOf(err));
        setBusy(false);
      },
    );
  };

  return (
    <li className="conflict" aria-label={`Conflict for ${plate}`}>
      <h3>
        {plate} <span className="muted">— {kindWords(c.kind)}</span>
      </h3>
      <dl className="conflict-facts">
        <dt>Booking</dt>
        <dd className="mono">{c.booking_id}</dd>
        <dt>Stands (earlier)</dt>
        <dd>{when(standing)}</dd>
        <dt>Set aside (later)</dt>
        <dd>{when(rejected)}</dd>
        <dt>Reported</dt>
        <dd>{when(c.created_at)}</dd>
      </dl>
      <form className="row" onSubmit={submit}>
        <label htmlFor={`note-${c.id}`}>Note for {plate}</label>
        <input id={`note-${c.id}`} className="big-input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} required minLength={3} />
        <button type="submit" className="btn-primary" disabled={busy || note.trim().length < 3}>
          Resolve
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </li>
  );
}
