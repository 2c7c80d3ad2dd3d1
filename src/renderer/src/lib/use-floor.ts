// Floor data for one lot, kept live. A change naming a bay carries that bay: it swaps that one object (only its tile
// re-renders), then the counts are re-read; a change without a bay (bay count, sync) re-reads the whole floor.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Bay, FloorCounts, Lot } from '../../../shared/contract';
import { messageOf, type BoothChangeEvent } from '../client';
import { BayTiles } from './bay-tiles';
import { useBooth } from './booth-context';

export interface FloorData {
  lot: Lot;
  bays: Bay[];
  counts: FloorCounts;
}

/** Reserved-soon turns with the clock, not with an event: the whole floor is re-read this often regardless. */
const FULL_REFRESH_MS = 60_000;

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

/** A new array with one bay replaced; the same array when nothing changed; null when the bay is not in it. */
export function replaceBay(bays: Bay[], next: Bay): Bay[] | null {
  const i = bays.findIndex((b) => b.id === next.id);
  if (i < 0) return null;
  const old = bays[i]!;
  if (sameBay(old, next)) return bays;
  const copy = bays.slice();
  copy[i] = next;
  return copy;
}

/**
 * What a change means for the grid. Audit and gate-decision events accompany a mutation that sends its own bay or
 * floor event (an admit without a bay still moves the arrivals count); anything else without a bay is a wide change.
 */
export function floorAction(c: Pick<BoothChangeEvent, 'kind' | 'bay_id'>): 'none' | 'counts' | 'bay' | 'all' {
  if (c.kind === 'audit') return 'none';
  if (c.bay_id) return 'bay';
  return c.kind === 'decision' ? 'counts' : 'all';
}

/** One request at a time per key; a request asked for while one is in flight runs once more after it. */
function coalescer() {
  const running = new Map<string, boolean>(); // key → asked again while running
  return (key: string, run: () => Promise<unknown>) => {
    if (running.has(key)) return void running.set(key, true);
    running.set(key, false);
    const loop = (): void => {
      void run().finally(() => {
        if (running.get(key)) {
          running.set(key, false);
          loop();
        } else running.delete(key);
      });
    };
    loop();
  };
}

export function useFloor(): { data: FloorData | null; error: string | null; reload: () => void; tiles: BayTiles } {
  const { client, lot, connection } = useBooth();
  const [data, setData] = useState<FloorData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tiles] = useState(() => new BayTiles());
  // The latest data, updated as answers arrive (before React renders), so each answer builds on the one before.
  const latest = useRef<FloorData | null>(null);
  const commit = useCallback((next: FloorData) => {
    latest.current = next;
    tiles.sync(next.bays);
    setData(next);
  }, [tiles]);
  // Answers can overtake each other: each request takes a number when sent, and an answer never replaces data
  // from a later-sent request (a whole-floor answer keeps any bay read after it was asked for).
  const seq = useRef({ next: 0, full: 0, counts: 0, bays: new Map<string, number>() });
  const [once] = useState(coalescer);

  const reload = useCallback(() => {
    once('all', () => {
      const n = ++seq.current.next;
      return client['floor.get']({ lot_id: lot.id }).then((f) => {
        const s = seq.current;
        if (n < s.full) return;
        s.full = n;
        for (const [id, m] of s.bays) if (m <= n) s.bays.delete(id);
        const fresher = new Set(s.bays.keys()); // read after this whole-floor request was sent
        const countsFresher = s.counts > n;
        if (!countsFresher) s.counts = n;
        const prev = latest.current;
        const kept = prev && fresher.size > 0 ? new Map(prev.bays.filter((b) => fresher.has(b.id)).map((b) => [b.id, b])) : null;
        const bays = mergeBays(prev?.bays, kept ? f.bays.map((b) => kept.get(b.id) ?? b) : f.bays);
        commit({ lot: f.lot, bays, counts: countsFresher && prev ? prev.counts : f.counts });
        setError(null);
      }, (e: unknown) => setError(messageOf(e)));
    });
  }, [client, lot.id, once, commit]);

  const reloadCounts = useCallback(() => {
    once('counts', () => {
      const n = ++seq.current.next;
      return client['floor.counts']({ lot_id: lot.id }).then((counts) => {
        if (n < seq.current.counts || !latest.current) return;
        seq.current.counts = n;
        commit({ ...latest.current, counts });
      }, reload);
    });
  }, [client, lot.id, once, reload, commit]);

  /** Puts a bay read as of request `n` into the grid, unless something read later already did. */
  const applyBay = useCallback((bay: Bay, n: number) => {
    const s = seq.current;
    if (n < s.full || n < (s.bays.get(bay.id) ?? 0)) return;
    s.bays.set(bay.id, n);
    const prev = latest.current;
    const bays = prev && replaceBay(prev.bays, bay);
    if (!prev || !bays) return reload(); // a bay this grid has not seen: the lot grew under it
    if (bays !== prev.bays) commit({ ...prev, bays });
    // Counts after the tile: the tile is what the manager is watching, and the counts read the whole lot.
    reloadCounts();
  }, [reload, reloadCounts, commit]);

  const reloadBay = useCallback((bayId: string) => {
    once(`bay:${bayId}`, () => {
      const n = ++seq.current.next;
      // Gone (the lot shrank) or unreadable: re-read everything.
      return client['floor.bay']({ bay_id: bayId }).then((bay) => applyBay(bay, n), reload);
    });
  }, [client, once, reload, applyBay]);

  useEffect(reload, [reload]);
  useEffect(() => {
    const timer = setInterval(reload, FULL_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  // Back after a dropped stream: bay changes made meanwhile were never sent.
  useEffect(() => connection.onResync(reload), [connection, reload]);
  useEffect(() => connection.onChange((c) => {
    if (c.lot_id !== lot.id) return;
    const action = floorAction(c);
    if (action === 'all') reload();
    // The event carries the bay as read right after the commit: newer than any answer to a request sent before it.
    if (action === 'bay' && c.bay) applyBay(c.bay, ++seq.current.next);
    else if (action === 'bay' && c.bay_id) reloadBay(c.bay_id);
    if (action === 'counts') reloadCounts();
  }), [connection, lot.id, reload, reloadBay, reloadCounts, applyBay]);
  return { data, error, reload, tiles };
}
