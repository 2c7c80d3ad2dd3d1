import type Database from 'better-sqlite3';
import { BoothError } from '../../../shared/contract/errors';
import { getSetting } from '../settings/settings';

/** Walk-ins this booth admitted that the API has not heard of yet and that are still inside. */
const UNSYNCED_INSIDE = `SELECT count(*) AS n FROM outbox o
  JOIN audit_log a ON a.outbox_id = o.id JOIN bookings b ON b.id = a.booking_id
  WHERE o.status = 'pending' AND o.type = 'booking.walkin' AND o.lot_id = ? AND b.status = 'active'`;

/**
 * Offline walk-ins are bounded by the lease the API granted this booth: walk-ins it has admitted but not yet
 * pushed, and that are still inside, count against it (once pushed, the API knows them and grants a fresh lease). Beyond it, only a manager
 * may admit, with a reason. A booth that was never enrolled is standalone and has no lease.
 */
export function checkWalkinLease(sqlite: Database.Database, lotId: string, staffId: string, overrideReason: string | undefined): void {
  if (getSetting(sqlite, 'sync.device_id') === null) return;
  const lease = sqlite.prepare('SELECT walkins FROM sync_leases WHERE lot_id = ?').get(lotId) as { walkins: number } | undefined;
  const used = (sqlite.prepare(UNSYNCED_INSIDE).get(lotId) as { n: number }).n;
  if (used < (lease?.walkins ?? 0)) return;
  if (!overrideReason) {
    throw new BoothError('conflict', "This booth's walk-in allowance is used up until it syncs: a manager can admit with a reason", {
      override_reason: 'manager override needed',
    });
  }
  const role = (sqlite.prepare('SELECT role FROM staff WHERE id = ?').get(staffId) as { role: string } | undefined)?.role;
  if (role !== 'manager') throw new BoothError('forbidden', 'Only a manager can admit beyond the walk-in allowance');
}
