/**
 * Writes what the API sent into the booth's SQLite: bookings (with their bays), lot settings and bay rows, bay
 * blocks and conflicts. `applyPull` applies a whole pulled page and the new cursors in ONE transaction, so a booth
 * killed mid-pull resumes from the old cursors with nothing half-applied.
 */
import type Database from 'better-sqlite3';
import type { Bay, Conflict, PullResponse, SyncBooking, SyncLot } from '../../../shared/sync/protocol';
import { normalizePlate } from '../../../shared/plate';
import { newId } from '../core/ids';

const BOOKING_COLUMNS = `id, lot_id, bay_id, bay_number, source, status, start_time, end_time, vehicle_number, plate_key,
  vehicle_model, remarks, pin, qr_code, total_cost_cents, payment_status, parking_cost_cents, check_in_time, check_out_time, created_at, updated_at`;
const BOOKING_VALUES = BOOKING_COLUMNS.split(',').map(() => '?').join(', ');

export class SyncWriter {
  private readonly s;
  /** Lots whose cursor a page of the current pull held back (see applyPull): later pages leave it there. */
  private readonly heldThisPull = new Set<string>();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly boothId: string,
  ) {
    // A catch-up writes every index of bookings thousands of times per page: a 32 MB page cache (default 2 MB)
    // keeps those B-trees in memory instead of re-reading them. Memory is plentiful at a booth PC.
    sqlite.pragma('cache_size = -32768');
    const p = (q: string) => sqlite.prepare(q);
    this.s = {
      booking: p('SELECT id, bay_id, status FROM bookings WHERE id = ?'),
      // Positional parameters: binding an object per row costs more than the insert itself on a long catch-up.
      // A booking new to the booth is a plain insert: with foreign keys on, an upsert whose DO UPDATE can set
      // bay_id (a foreign key) costs about three times as much per row even when it only inserts.
      insertBooking: p(`INSERT INTO bookings (${BOOKING_COLUMNS}) VALUES (${BOOKING_VALUES}) ON CONFLICT(id) DO NOTHING`),
      upsertBooking: p(`INSERT INTO bookings (${BOOKING_COLUMNS}) VALUES (${BOOKING_VALUES})
        ON CONFLICT(id) DO UPDATE SET
          bay_id = CASE WHEN excluded.status = 'pending' AND bookings.status = 'pending' THEN bookings.bay_id ELSE excluded.bay_id END,
          bay_number = CASE WHEN excluded.status = 'pending' AND bookings.status = 'pending' THEN bookings.bay_number ELSE excluded.bay_number END,
          status = excluded.status, start_time = excluded.start_time, end_time = excluded.end_time, vehicle_number = excluded.vehicle_number,
          plate_key = excluded.plate_key, vehicle_model = excluded.vehicle_model, remarks = excluded.remarks, pin = excluded.pin,
          qr_code = excluded.qr_code, total_cost_cents = excluded.total_cost_cents, payment_status = excluded.payment_status,
          parking_cost_cents = excluded.parking_cost_cents, check_in_time = excluded.check_in_time, check_out_time = excluded.check_out_time,
          updated_at = excluded.updated_at`),
      bayByNumber: p('SELECT id, status, booking_id FROM bays WHERE lot_id = ? AND number = ?'),
      occupy: p("UPDATE bays SET status = 'occupied', booking_id = ?, changed_at = ? WHERE id = ? AND status = 'available'"),
      vacate: p("UPDATE bays SET status = 'available', booking_id = NULL, changed_at = ? WHERE id = ? AND booking_id = ?"),
      block: p("UPDATE bays SET status = 'blocked', blocked_reason = ?, changed_at = ? WHERE lot_id = ? AND number = ? AND status <> 'occupied'"),
      unblock: p("UPDATE bays SET status = 'available', blocked_reason = NULL, changed_at = ? WHERE lot_id = ? AND number = ? AND status = 'blocked'"),
      upsertLot: p(`INSERT INTO lots (id, name, address, time_zone, total_bays, price_cents, price_type, increment_minutes, grace_minutes,
          daily_cap_cents, entry_grace_minutes, exit_grace_minutes, no_show_minutes, lost_pass_fee_cents, created_at, updated_at)
        VALUES (@id, @name, @address, @time_zone, @total_bays, @price_cents, @price_type, @increment_minutes, @grace_minutes,
          @daily_cap_cents, @entry_grace_minutes, @exit_grace_minutes, @no_show_minutes, @lost_pass_fee_cents, @now, @now)
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, address = excluded.address, time_zone = excluded.time_zone,
          total_bays = excluded.total_bays, price_cents = excluded.price_cents, price_type = excluded.price_type,
          increment_minutes = excluded.increment_minutes, grace_minutes = excluded.grace_minutes, daily_cap_cents = excluded.daily_cap_cents,
          entry_grace_minutes = excluded.entry_grace_minutes, exit_grace_minutes = excluded.exit_grace_minutes,
          no_show_minutes = excluded.no_show_minutes, lost_pass_fee_cents = excluded.lost_pass_fee_cents, updated_at = excluded.updated_at`),
      topBay: p('SELECT coalesce(max(number), 0) AS n FROM bays WHERE lot_id = ?'),
      addBay: p("INSERT INTO bays (id, lot_id, number, status, changed_at) VALUES (?, ?, ?, 'available', ?)"),
      dropBays: p("DELETE FROM bays WHERE lot_id = ? AND number > ? AND status <> 'occupied'"),
      conflictExists: p('SELECT 1 FROM sync_conflicts WHERE id = ?'),
      upsertConflict: p(`INSERT INTO sync_conflicts (id, lot_id, booking_id, kind, detail, created_at, resolved_at, resolution)
        VALUES (@id, @lot_id, @booking_id, @kind, @detail, @created_at, @resolved_at, @resolution)
        ON CONFLICT(id) DO UPDATE SET resolved_at = excluded.resolved_at, resolution = excluded.resolution, detail = excluded.detail`),
      audit: p('INSERT INTO audit_log (at, kind, actor_id, booth_id, lot_id, booking_id, outbox_id, detail) VALUES (?, ?, NULL, ?, ?, ?, NULL, ?)'),
      // Only commands that change a booking: a recorded gate decision (a DENY, pushed as a booth.event) leaves the
      // booking as the API has it, so the API's newer row (a cancellation, say) must not wait for it.
      pendingBookings: p(`SELECT DISTINCT a.booking_id AS id FROM outbox o JOIN audit_log a ON a.outbox_id = o.id
        WHERE o.status = 'pending' AND o.type IN ('booking.check_in', 'booking.walkin', 'booking.release') AND a.booking_id IS NOT NULL`),
      storedCursor: p('SELECT cursor FROM sync_state WHERE lot_id = ?'),
      cursor: p(`INSERT INTO sync_state (lot_id, cursor, last_pulled_at) VALUES (?, ?, ?)
        ON CONFLICT(lot_id) DO UPDATE SET cursor = excluded.cursor, last_pulled_at = excluded.last_pulled_at`),
      lease: p(`INSERT INTO sync_leases (lot_id, walkins, granted_at) VALUES (?, ?, ?)
        ON CONFLICT(lot_id) DO UPDATE SET walkins = excluded.walkins, granted_at = excluded.granted_at`),
    };
  }

  /** A new pull begins: cursors held by an earlier pull's pages have been read again from where they stopped. */
  startPull(): void {
    this.heldThisPull.clear();
  }

  /** Bookings with changes still waiting to be pushed: the booth's own view of them is newer than the API's. */
  pendingBookingIds(): Set<string> {
    return new Set((this.s.pendingBookings.all() as { id: string }[]).map((r) => r.id));
  }

  booking(b: SyncBooking, now: number): void {
    let bayId: string | null = null;
    // A pending booking holds no bay yet (a reserved bay the booth chose is kept by the upsert): no lookups needed,
    // which is what keeps a catch-up of many new bookings fast.
    if (b.status !== 'pending') {
      const local = this.s.booking.get(b.id) as { id: string; bay_id: string | null; status: string } | undefined;
      if (b.status === 'active' && b.bay_number !== null) {
        const bay = this.s.bayByNumber.get(b.lot_id, b.bay_number) as { id: string; status: string; booking_id: string | null } | undefined;
        if (bay && (bay.booking_id === b.id || (bay.status === 'available' && this.s.occupy.run(b.id, now, bay.id).changes === 1))) bayId = bay.id;
      }
      if (local?.bay_id && local.bay_id !== bayId && local.status === 'active') this.s.vacate.run(now, local.bay_id, b.id);
    }
    const done = b.status === 'completed';
    const row = [
      b.id, b.lot_id, bayId, b.bay_number, b.source, b.status, b.start_time, b.end_time, b.vehicle_number, normalizePlate(b.vehicle_number),
      b.vehicle_model, b.remarks, b.pin, b.qr_code, b.total_cost_cents, b.payment_status,
      done ? (b.parking_cost_cents ?? b.total_cost_cents) : b.parking_cost_cents,
      b.status === 'active' ? (b.check_in_time ?? now) : b.check_in_time,
      done ? (b.check_out_time ?? now) : b.status === 'cancelled' ? null : b.check_out_time,
      now,
      now,
    ];
    if (this.s.insertBooking.run(row).changes === 0) this.s.upsertBooking.run(row);
  }

  lot(l: SyncLot, now: number): void {
    this.s.upsertLot.run({
      id: l.id, name: l.name, address: l.address, time_zone: l.time_zone, total_bays: l.total_bays,
      price_cents: l.tariff.price_cents, price_type: l.tariff.price_type, increment_minutes: l.tariff.increment_minutes,
      grace_minutes: l.tariff.grace_minutes, daily_cap_cents: l.tariff.daily_cap_cents, entry_grace_minutes: l.entry_grace_minutes,
      exit_grace_minutes: l.exit_grace_minutes, no_show_minutes: l.no_show_minutes, lost_pass_fee_cents: l.lost_pass_fee_cents, now,
    });
    const top = (this.s.topBay.get(l.id) as { n: number }).n;
    for (let n = top + 1; n <= l.total_bays; n++) this.s.addBay.run(newId(), l.id, n, now);
    if (top > l.total_bays) this.s.dropBays.run(l.id, l.total_bays);
  }

  bay(lotId: string, b: Bay, now: number): void {
    if (b.blocked_reason !== null) this.s.block.run(b.blocked_reason || 'blocked', now, lotId, b.number);
    else this.s.unblock.run(now, lotId, b.number);
  }

  conflict(c: Conflict, now: number): void {
    const known = this.s.conflictExists.get(c.id) !== undefined;
    this.s.upsertConflict.run({ ...c, detail: JSON.stringify(c.detail) });
    // A new conflict is part of the booth's audit trail, like every gate decision.
    if (!known) this.s.audit.run(now, 'sync.conflict', this.boothId, c.lot_id, c.booking_id, JSON.stringify({ conflict_id: c.id, kind: c.kind, detail: c.detail }));
  }

  audit(kind: string, lotId: string | null, bookingId: string | null, detail: object, now: number): void {
    this.s.audit.run(now, kind, this.boothId, lotId, bookingId, JSON.stringify(detail));
  }

  lease(lotId: string, walkins: number, grantedAt: number): void {
    this.s.lease.run(lotId, walkins, grantedAt);
  }

  /**
   * One page: snapshots, changes, cursors and leases together, or nothing. Returns the lots touched.
   * A booking with a change of the booth's still to be pushed keeps the booth's version, and its lot's cursor
   * stays before the API's row for it: the next pull, after the push, reads that row again and applies it (or
   * the API's answer to the push, which comes later in the feed), so the API's version is never skipped for good.
   */
  applyPull(page: PullResponse, now: number): Set<string> {
    const touched = new Set<string>();
    this.sqlite
      .transaction(() => {
        const pending = this.pendingBookingIds();
        /** Lot → the cursor it must not pass: just before the first booking row it did not apply. */
        const held = new Map<string, number>();
        const hold = (lotId: string, cursor: number) => held.set(lotId, Math.min(cursor, held.get(lotId) ?? cursor));
        for (const snap of page.snapshots) {
          this.lot(snap.lot, now);
          for (const bay of snap.bays) this.bay(snap.lot.id, bay, now);
          for (const b of snap.bookings) {
            if (!pending.has(b.id)) this.booking(b, now);
            else hold(snap.lot.id, (this.s.storedCursor.get(snap.lot.id) as { cursor: number } | undefined)?.cursor ?? 0);
          }
          for (const c of snap.conflicts) this.conflict(c, now);
          touched.add(snap.lot.id);
        }
        // A booking changed several times within a page (booked, extended, cancelled) is written once, as it ends.
        const latest = new Map<string, number>();
        page.changes.forEach((c, i) => c.entity === 'booking' && latest.set(c.data.id, i));
        for (const [i, change] of page.changes.entries()) {
          touched.add(change.lot_id);
          if (change.entity === 'booking') {
            if (pending.has(change.data.id)) hold(change.lot_id, change.seq - 1);
            else if (latest.get(change.data.id) === i) this.booking(change.data, now);
          } else if (change.entity === 'lot') this.lot(change.data, now);
          else if (change.entity === 'bay') this.bay(change.lot_id, change.data, now);
          else this.conflict(change.data, now);
        }
        for (const [lotId, cursor] of Object.entries(page.cursors)) {
          // Held by an earlier page of this pull: the stored cursor is the earliest row not applied; keep it.
          if (this.heldThisPull.has(lotId)) continue;
          const heldAt = held.get(lotId);
          if (heldAt !== undefined) this.heldThisPull.add(lotId);
          this.s.cursor.run(lotId, Math.min(cursor, heldAt ?? cursor), now);
        }
        for (const l of page.leases) this.lease(l.lot_id, l.walkins, l.granted_at);
      })
      .immediate();
    return touched;
  }
}
