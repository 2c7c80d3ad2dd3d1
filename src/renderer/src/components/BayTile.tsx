import { memo } from 'react';
import type { Bay } from '../../../shared/contract';

export const STATE_LABEL: Record<Bay['state'], string> = {
  available: 'available',
  occupied: 'occupied',
  reserved_soon: 'reserved soon',
  blocked: 'blocked',
};

/** One bay of the grid. Memoised on the bay object, which the floor hook keeps stable while unchanged. */
export const BayTile = memo(function BayTile({ bay, selected, onPick }: { bay: Bay; selected: boolean; onPick(bay: Bay): void }) {
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
