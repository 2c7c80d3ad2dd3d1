/**
 * Offline capacity leases. Each booth of a lot may admit `lease_walkins` walk-ins while it cannot reach the API.
 * Invariant: the leases of a lot's booths never add up to more than its free bays, so booths cut off from each
 * other cannot oversell it together. A booth's lease is only rewritten when that booth syncs (it may be using it
 * offline right now), so a rebalance gives a booth at most what the others' current leases leave free.
 */
import { sql } from 'drizzle-orm';
import type { Lease } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { lockLot } from '../spots/repository';

/** Pending bookings starting within this window keep their bays out of the leases (drivers on their way). */
const RESERVED_AHEAD_MS = 2 * 60 * 60_000;

/**
 * Pure share: a fair part of the free bays (rounded up, so no bay is left unleased), but never more than the
 * other booths' current leases leave free — which is what keeps the sum of a lot's leases within its free bays.
 */
export function leaseShare(free: number, booths: number, othersLeased: number): number {
  if (booths <= 0) return 0;
  return Math.max(0, Math.min(Math.ceil(free / booths), free - othersLeased));
}

async function freeBays(tx: Executor, lotId: string): Promise<number> {
  const r = await tx.execute(sql`
    SELECT (SELECT count(*) FROM bays WHERE lot_id = ${lotId} AND status = 'available' AND NOT blocked)::int
         - (SELECT count(*) FROM bookings WHERE spot_id = ${lotId} AND status = 'pending' AND bay_id IS NULL
              AND start_time < now() + make_interval(secs => ${RESERVED_AHEAD_MS / 1000})
              AND start_time + make_interval(mins => (SELECT no_show_minutes FROM parking_spots WHERE id = ${lotId})) > now())::int AS free`);
  return Math.max(0, (r.rows[0] as { free: number }).free);
}

/** Rebalances this device's lease on each of its lots (locking each lot in turn) and returns them. */
export async function rebalanceLeases(db: Executor, deviceId: string, lotIds: readonly string[]): Promise<Lease[]> {
  const leases: Lease[] = [];
  for (const lotId of [...lotIds].sort()) {
    leases.push(
      await db.transaction(async (tx) => {
        await lockLot(tx, lotId);
        const free = await freeBays(tx, lotId);
        const r = await tx.execute(sql`
          SELECT count(*)::int AS booths, coalesce(sum(dl.lease_walkins) FILTER (WHERE dl.device_id <> ${deviceId}), 0)::int AS others
          FROM device_lots dl JOIN devices d ON d.id = dl.device_id
          WHERE dl.lot_id = ${lotId} AND d.revoked_at IS NULL`);
        const { booths, others } = r.rows[0] as { booths: number; others: number };
        const walkins = leaseShare(free, booths, others);
        const row = await tx.execute(sql`
          UPDATE device_lots SET lease_walkins = ${walkins}, lease_granted_at = now()
          WHERE device_id = ${deviceId} AND lot_id = ${lotId} RETURNING (extract(epoch FROM lease_granted_at) * 1000)::bigint AS at`);
        const at = Number((row.rows[0] as { at: string | number } | undefined)?.at ?? Date.now());
        return { lot_id: lotId, walkins, granted_at: at };
      }),
    );
  }
  return leases;
}
