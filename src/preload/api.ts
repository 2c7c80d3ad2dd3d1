// Types of what the preload exposes as `window.parkpass` (shared by the preload and the renderer; types only).
import type { BoothChangeEvent, EntryName, InputOf, OutputOf } from '../shared/contract';
import type { RpcReply } from '../shared/contract/reply';

export type { BoothChangeEvent };

export type BridgeCalls = {
  [N in EntryName]: (input: InputOf<N>, sessionToken: string | null) => Promise<RpcReply<OutputOf<N>>>;
};

export interface ParkpassBridge {
  calls: BridgeCalls;
  /**
   * Subscribes the signed-in session to booth changes (the same events as the web host's `GET /events`).
   * `onEnd` runs once if the session is not (or no longer) signed in; returns the unsubscribe function.
   */
  onChange(sessionToken: string, listener: (change: BoothChangeEvent) => void, onEnd: () => void): () => void;
}
