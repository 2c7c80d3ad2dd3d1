// Booth change events: what a host pushes to a signed-in page after each committed mutation — as server-sent events
// over the web host, as IPC messages in Electron. One schema for both hosts and the renderer.
import { z } from 'zod';
import { Bay, Id } from './models';

/** bay: one bay changed · decision: a gate decision (an admit names its bay) · floor: the lot or many bays · audit. */
export const ChangeKind = z.enum(['bay', 'decision', 'floor', 'audit']);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const BoothChangeEvent = z.object({
  kind: ChangeKind,
  lot_id: Id,
  bay_id: Id.nullable(),
  /**
   * The named bay as `floor.bay` answers it, read right after the COMMIT, so the grid repaints its tile without a
   * round trip. Null when the change names no bay (or the bay is gone). This is why the stream needs a session.
   */
  bay: Bay.nullable(),
});
export type BoothChangeEvent = z.infer<typeof BoothChangeEvent>;
