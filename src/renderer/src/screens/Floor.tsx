// The floor grid: every bay of the lot by state, live. Managers block/unblock bays and change the bay count.
import { memo, startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Bay } from '../../../shared/contract';
import { messageOf } from '../client';
import { BayPanel } from '../components/BayPanel';
import { BayTile, STATE_LABEL } from '../components/BayTile';
import { useBooth } from '../lib/booth-context';
import type { BayTiles } from '../lib/bay-tiles';
import { useFloor } from '../lib/use-floor';
import { formatCents } from '../lib/words';

type Filter = 'all' | Bay['state'];
const FILTERS: Filter[] = ['all', 'available', 'occupied', 'reserved_soon', 'blocked'];
/** Tiles rendered in the first frame: more than a screenful; the rest follow right after, without blocking it. */
const FIRST_TILES = 300;

export function Floor() {
  const { staff } = useBooth();
  const { data, error, tiles } = useFloor();
  const [filter, setFilter] = useState<Filter>('all');
  const [plate, setPlate] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const onPick = useCallback((b: Bay) => setSelectedId(b.id), []);

  // Keyed on the bays alone: a counts-only answer leaves the grid untouched.
  const bays = data?.bays;
  const shown = useMemo(() => {
    if (!bays) return [];
    const q = plate.trim().toUpperCase().replace(/\s+/g, '');
    return bays.filter((b) => (filter === 'all' || b.state === filter) && (!q || (b.vehicle_number ?? '').replace(/\s+/g, '').includes(q)));
  }, [bays, filter, plate]);
  const ids = useStableIds(shown);

  if (!data) return error ? <p className="error" role="alert">{error}</p> : <p className="muted">Loading the floor…</p>;
  const c = data.counts;
  const selected = selectedId ? data.bays.find((b) => b.id === selectedId) : undefined;

  return (
    <div className="floor">
      <section className="counts" aria-label="Occupancy">
        <p>
          <strong className="big-figure">{Math.round(c.occupancy_percent)}%</strong> occupied
        </p>
        {c.full && (
          <p className="full-sign" role="status">
            FULL — walk-ins need a reason
          </p>
        )}
        <p>{c.available} available · {c.occupied} occupied · {c.reserved_soon} reserved soon · {c.blocked} blocked · {c.total} bays</p>
        <p>{c.due_arrivals} pre-booked due now</p>
        <p>{c.arrivals_today} arrivals today · {formatCents(c.revenue_today_cents)} taken today</p>
      </section>
      <div className="row floor-filters">
        <fieldset className="segmented">
          <legend>Show</legend>
          {FILTERS.map((f) => (
            <label key={f} className={filter === f ? 'seg seg-on' : 'seg'}>
              <input type="radio" name="floor-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
              {f === 'all' ? 'All' : STATE_LABEL[f]}
            </label>
          ))}
        </fieldset>
        <label htmlFor="floor-plate">Plate</label>
        <input id="floor-plate" className="big-input" autoComplete="off" value={plate} onChange={(e) => setPlate(e.target.value)} />
      </div>
      {staff.role === 'manager' && <BayCount total={c.total} />}
      <div className="floor-body">
        <BayGrid ids={ids} tiles={tiles} selectedId={selectedId} onPick={onPick} />
        {selected && <BayPanel bay={selected} onClose={() => setSelectedId(null)} />}
      </div>
    </div>
  );
}

/** The same array while the ids shown are the same, so a bay changing in place leaves the grid alone. */
function useStableIds(bays: Bay[]): string[] {
  const last = useRef<string[]>([]);
  const prev = last.current;
  if (prev.length !== bays.length || bays.some((b, i) => b.id !== prev[i])) last.current = bays.map((b) => b.id);
  return last.current;
}

/** The tiles, by id; each tile reads its own bay, so one changed bay renders one tile and not the grid. */
const BayGrid = memo(function BayGrid({ ids, tiles, selectedId, onPick }: { ids: string[]; tiles: BayTiles; selectedId: string | null; onPick(b: Bay): void }) {
  const [limit, setLimit] = useState(FIRST_TILES);
  const more = ids.length > limit;
  useEffect(() => {
    if (!more) return;
    const frame = requestAnimationFrame(() => startTransition(() => setLimit(Number.POSITIVE_INFINITY)));
    return () => cancelAnimationFrame(frame);
  }, [more]);
  return (
    <div className="bay-grid" role="group" aria-label="Bays">
      {(more ? ids.slice(0, limit) : ids).map((id) => (
        <BayTile key={id} id={id} tiles={tiles} selected={id === selectedId} onPick={onPick} />
      ))}
    </div>
  );
});

function BayCount({ total }: { total: number }) {
  const { client, lot } = useBooth();
  const [value, setValue] = useState(String(total));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  return (
    <form
      className="row"
      aria-label="Change bay count"
      onSubmit={(e) => {
        e.preventDefault();
        client['floor.setBayCount']({ lot_id: lot.id, total_bays: Number(value) }).then(
          (c) => setMessage({ error: false, text: `The lot now has ${c.total} bays.` }),
          (err: unknown) => setMessage({ error: true, text: messageOf(err) }),
        );
      }}
    >
      <label htmlFor="bay-count">Number of bays</label>
      <input id="bay-count" className="big-input narrow" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value.replace(/\D/g, ''))} />
      <button type="submit" className="btn-small">
        Change
      </button>
      {message && (
        <span className={message.error ? 'error' : 'done'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </form>
  );
}
