// Types of what the preload exposes as `window.parkpass` (shared by the preload and the renderer; types only).
import type { EntryName, InputOf, OutputOf } from '../shared/contract';
import type { RpcReply } from '../shared/contract/reply';

export type BridgeCalls = {
  [N in EntryName]: (input: InputOf<N>, sessionToken: string | null) => Promise<RpcReply<OutputOf<N>>>;
};

/** A committed booth change (kinds and ids only). */
export interface BoothChangeEvent {
  kind: string;
  lot_id: string;
  bay_id: string | null;
}

export interface ParkpassBridge {
  calls: BridgeCalls;
  /** Subscribes to booth changes; returns the unsubscribe function. */
  onChange(listener: (change: BoothChangeEvent) => void): () => void;
}
