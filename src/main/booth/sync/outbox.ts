/**
 * The booth's outbox as protocol commands: rows are read oldest first (UUIDv7 ids sort by time), translated to
 * the API's command shapes with times moved onto the server's clock, and marked with the API's answer. A row the
 * protocol cannot express is marked rejected here and audited, so one bad row never blocks the rest.
 */
import type Database from 'better-sqlite3';
import { Command, type CommandResult, type SyncBooking } from '../../../shared/sync/protocol';
import type { SyncWriter } from './apply';

interface OutboxRow {
  id: string;
  type: string;
  lot_id: string | null;
  payload: string;
  created_at: number;
}

type Payload = Record<string, unknown> & { at?: number; actor_id?: string | null };

function walkinBooking(p: Payload): SyncBooking {
  const b = p.booking as Record<string, unknown>;
  return {
    id: b.id, lot_id: b.lot_id, bay_number: b.bay_number ?? null, vehicle_number: b.vehicle_number, vehicle_model: b.vehicle_model ?? null,
    remarks: b.remarks ?? null, source: 'walkin', status: 'active', start_time: b.start_time, end_time: null,
    check_in_time: b.check_in_time ?? b.start_time, check_out_time: null, pin: null, qr_code: (p.qr_code as string | undefined) ?? null,
    total_cost_cents: b.total_cost_cents ?? 0, parking_cost_cents: null, payment_status: 'pending',
  } as SyncBooking;
}

/** The protocol command for one outbox row (unvalidated: the caller parses it). */
export function toCommand(row: OutboxRow, offset: number): unknown {
  const p = JSON.parse(row.payload) as Payload;
  const boothTime = p.at ?? row.created_at;
  const base = { id: row.id, lot_id: row.lot_id, at: boothTime + offset, booth_time: boothTime, actor: p.actor_id ?? null };
  switch (row.type) {
    case 'booking.check_in': {
      const unseen = p.booking as { qr_code?: string } | null;
      return { ...base, type: row.type, booking_id: p.booking_id, bay_number: p.bay_number ?? null, pass: unseen?.qr_code ?? null, override_reason: p.override_reason ?? null };
    }
    case 'booking.walkin':
      return { ...base, type: row.type, booking: walkinBooking(p), override_reason: (p.booking as { remarks?: string | null }).remarks ?? null };
    case 'booking.release': {
      const pay = p.payment as Record<string, unknown>;
      return { ...base, type: row.type, booking_id: p.booking_id, parking_cost_cents: p.parking_cost_cents, payment: { id: pay.id, method: pay.method, amount_cents: pay.amount_cents, reason: pay.reason ?? null } };
    }
    case 'bay.block':
      return { ...base, type: row.type, bay_number: p.bay_number, reason: p.reason };
    case 'bay.unblock':
      return { ...base, type: row.type, bay_number: p.bay_number };
    case 'lot.set_bay_count':
      return { ...base, type: row.type, total_bays: p.total_bays };
    case 'conflict.resolve':
      return { ...base, type: row.type, conflict_id: p.conflict_id, resolution: p.resolution };
    default: {
      const { at: _at, actor_id: _actor, ...detail } = p;
      return { ...base, type: 'booth.event', kind: row.type.slice(0, 40), detail };
    }
  }
}

export class Outbox {
  private readonly s;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly writer: SyncWriter,
  ) {
    this.s = {
      pending: sqlite.prepare("SELECT id, type, lot_id, payload, created_at FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?"),
      depth: sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'"),
      mark: sqlite.prepare("UPDATE outbox SET status = ?, sent_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending'"),
      attempt: sqlite.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND status = 'pending'"),
    };
  }

  depth(): number {
    return (this.s.depth.get() as { n: number }).n;
  }

  /** The next batch as valid commands; rows that cannot be expressed are rejected locally (and audited) on the way. */
  nextBatch(limit: number, offset: number, now: number): Command[] {
    const rows = this.s.pending.all(limit) as OutboxRow[];
    const batch: Command[] = [];
    for (const row of rows) {
      let parsed;
      try {
        parsed = Command.safeParse(toCommand(row, offset));
      } catch (err) {
        parsed = { success: false as const, error: err as Error };
      }
      if (parsed.success) batch.push(parsed.data);
      else
        this.sqlite.transaction(() => {
          this.s.mark.run('rejected', now, `not a valid command: ${parsed.error.message.slice(0, 500)}`, row.id);
          this.writer.audit('sync.rejected', row.lot_id, null, { outbox_id: row.id, type: row.type, reason: 'invalid_command' }, now);
        })();
    }
    return batch;
  }

  /** Marks every answered command, in one transaction; conflicts also take the API's canonical booking. */
  settle(commands: readonly Command[], results: readonly CommandResult[], now: number): void {
    const byId = new Map(commands.map((c) => [c.id, c]));
    this.sqlite
      .transaction(() => {
        for (const r of results) {
          const c = byId.get(r.id);
          if (!c) continue;
          this.s.mark.run(r.status, now, r.reason, r.id);
          const bookingId = 'booking_id' in c ? c.booking_id : c.type === 'booking.walkin' ? c.booking.id : null;
          if (r.status === 'rejected') this.writer.audit('sync.rejected', c.lot_id, bookingId, { outbox_id: c.id, type: c.type, reason: r.reason }, now);
          if (r.status === 'conflict') {
            if (r.canonical) this.writer.booking(r.canonical, now);
            this.writer.audit('sync.conflict', c.lot_id, bookingId, { outbox_id: c.id, type: c.type, reason: r.reason }, now);
          }
        }
      })
      .immediate();
  }

  /** The API refused this command as malformed: it will never apply, so it leaves the queue, audited. */
  refused(c: Command, reason: string, now: number): void {
    this.sqlite.transaction(() => {
      this.s.mark.run('rejected', now, reason.slice(0, 500), c.id);
      this.writer.audit('sync.rejected', c.lot_id, null, { outbox_id: c.id, type: c.type, reason }, now);
    })();
  }

  failed(commands: readonly Command[], error: string): void {
    this.sqlite.transaction(() => {
      for (const c of commands) this.s.attempt.run(error.slice(0, 500), c.id);
    })();
  }
}
