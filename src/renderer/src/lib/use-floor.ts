// Floor data for one lot, kept live: every committed change for the lot refetches it (at most one fetch in flight,
// one queued), and unchanged bays keep their object identity so only changed tiles re-render.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bay, FloorCounts, Lot } from '../../../shared/contract';
import { messageOf } from '../client';
import { useBooth } from './booth-context';

export interface FloorData {
  lot: Lot;
  bays: Bay[];
  counts: FloorCounts;
}

function sameBay(a: Bay, b: Bay): boolean {
  return a.state === b.state && a.vehicle_number === b.vehicle_number && a.booking_id === b.booking_id
    && a.blocked_reason === b.blocked_reason && a.since === b.since && a.number === b.number;
}

/** Reuses the previous object for every bay that did not change. */
export function mergeBays(prev: Bay[] | undefined, next: Bay[]): Bay[] {
  if (!prev) return next;
  const old = new Map(prev.map((b) => [b.id, b]));
  return next.map((b) => {
    const o = old.get(b.id);
    return o && sameBay(o, b) ? o : b;
  });
}

export function useFloor(): { data: FloorData | null; error: string | null; reload: () => void } {
  const { client, lot, connection } = useBooth();
  const [data, setData] = useState<FloorData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useRef({ inFlight: false, again: false });

  const reload = useCallback(() => {
    const s = state.current;
    if (s.inFlight) {
      s.again = true;
      return;
    }
    s.inFlight = true;
    client['floor.get']({ lot_id: lot.id })
      .then((f) => {
        setData((prev) => ({ lot: f.lot, counts: f.counts, bays: mergeBays(prev?.bays, f.bays) }));
        setError(null);
      }, (e: unknown) => setError(messageOf(e)))
      .finally(() => {
        s.inFlight = false;
        if (s.again) {
          s.again = false;
          reload();
        }
      });
  }, [client, lot.id]);

  useEffect(reload, [reload]);
  useEffect(() => connection.onChange((c) => c.lot_id === lot.id && reload()), [connection, lot.id, reload]);
  return { data, error, reload };
}
