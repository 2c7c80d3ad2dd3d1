import { memo, useCallback, useSyncExternalStore } from 'react';
import type { Bay } from '../../../shared/contract';
import type { BayTiles } from '../lib/bay-tiles';

export const STATE_LABEL: Record<Bay['state'], string> = {
  available: 'available',
  occupied: 'occupied',
  reserved_soon: 'reserved soon',
  blocked: 'blocked',
};

/** One bay of the grid, subscribed to its own bay: a change elsewhere on the floor does not render it. */
export const BayTile = memo(function BayTile({ id, tiles, selected, onPick }: { id: string; tiles: BayTiles; selected: boolean; onPick(bay: Bay): void }) {
  const subscribe = useCallback((l: () => void) => tiles.subscribe(id, l), [tiles, id]);
  const bay = useSyncExternalStore(subscribe, () => tiles.get(id));
  if (!bay) return null;
  return (
    <button
      type="button"
      className={`bay bay-${bay.state}${selected ? ' bay-selected' : ''}`}
      aria-pressed={selected}
      data-state={bay.state}
      onClick={() => onPick(bay)}
    >
      {/* The accessible name contains the visible text (WCAG 2.5.3): "Bay 12 occupied AB12CDE". */}
      <span className="visually-hidden">Bay </span>
      {bay.number}
      <span className="visually-hidden"> {STATE_LABEL[bay.state]}</span>
      {bay.vehicle_number && <small className="bay-plate">{bay.vehicle_number}</small>}
    </button>
  );
});
