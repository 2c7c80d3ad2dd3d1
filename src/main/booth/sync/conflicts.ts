import type { SyncConflict } from '../../../shared/contract';
import { BoothError } from '../../../shared/contract/errors';
import type { Actor } from '../core/actor';
import type { Core } from '../core/core';
import { record } from '../core/record';

interface Row {
  id: string;
  lot_id: string;
  booking_id: string;
  kind: string;
  detail: string;
  created_at: number;
  resolved_at: number | null;
  resolution: string | null;
  vehicle_number?: string | null;
}

const toConflict = (r: Row): SyncConflict => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> });

/** Conflicts the API reported, for the manager: listed, and resolved with a note that goes back through the outbox. */
export class ConflictService {
  constructor(private readonly core: Core) {}

  list(lotId: string | undefined, includeResolved: boolean): SyncConflict[] {
    const rows = this.core.sqlite
      .prepare(
        `SELECT c.*, b.vehicle_number FROM sync_conflicts c LEFT JOIN bookings b ON b.id = c.booking_id
         WHERE (@lot IS NULL OR c.lot_id = @lot) AND (@all OR c.resolved_at IS NULL)
         ORDER BY c.resolved_at IS NOT NULL, c.created_at DESC LIMIT 500`,
      )
      .all({ lot: lotId ?? null, all: includeResolved ? 1 : 0 }) as Row[];
    return rows.map(toConflict);
  }

  resolve(conflictId: string, resolution: string, actor: Actor): SyncConflict {
    const { core } = this;
    return core.tx(() => {
      const row = core.sqlite.prepare('SELECT * FROM sync_conflicts WHERE id = ?').get(conflictId) as Row | undefined;
      if (!row) throw new BoothError('not_found', 'No such conflict', { conflict_id: 'unknown conflict' });
      if (row.resolved_at !== null) throw new BoothError('conflict', 'This conflict is already resolved', { conflict_id: 'resolved' });
      const now = core.now();
      core.sqlite.prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ?').run(now, resolution, conflictId);
      record(core, {
        kind: 'sync.conflict_resolved',
        actorId: actor.staffId,
        lotId: row.lot_id,
        bookingId: row.booking_id,
        detail: { conflict_id: conflictId, conflict_kind: row.kind, resolution },
        command: { type: 'conflict.resolve', payload: { conflict_id: conflictId, resolution } },
      }, now);
      return toConflict({ ...row, resolved_at: now, resolution });
    });
  }
}
