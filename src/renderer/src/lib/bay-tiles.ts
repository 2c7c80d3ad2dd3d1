// The floor grid's tiles read their bay from here, each subscribed to its own id: a changed bay wakes only its tile,
// without re-rendering the grid of 2,000.
import type { Bay } from '../../../shared/contract';

export class BayTiles {
  private readonly bays = new Map<string, Bay>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(id: string): Bay | undefined {
    return this.bays.get(id);
  }

  /** Takes the grid's current bays; tells the tiles whose bay object changed. */
  sync(bays: readonly Bay[]): void {
    for (const b of bays) {
      if (this.bays.get(b.id) === b) continue;
      this.bays.set(b.id, b);
      for (const l of this.listeners.get(b.id) ?? []) l();
    }
  }

  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }
}
