import type { Core } from './core';
import { newId } from './ids';

export interface Recorded {
  /** Kind of the audit row, e.g. "gate.decision", "release", "staff.sign_in". */
  kind: string;
  actorId: string | null;
  lotId: string | null;
  bookingId?: string | null;
  detail: Record<string, unknown>;
  /** The outbox command for the API; its type defaults to the audit kind. */
  command?: { type?: string; payload: Record<string, unknown> };
  /** Use this id for the outbox command (e.g. the gate decision's id) instead of a fresh one. */
  id?: string;
}

const statements = new WeakMap<Core, { audit: import('better-sqlite3').Statement; outbox: import('better-sqlite3').Statement }>();

function prepared(core: Core) {
  let s = statements.get(core);
  if (!s) {
    s = {
      audit: core.sqlite.prepare(
        'INSERT INTO audit_log (at, kind, actor_id, booth_id, lot_id, booking_id, outbox_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      outbox: core.sqlite.prepare('INSERT INTO outbox (id, type, lot_id, payload, created_at) VALUES (?, ?, ?, ?, ?)'),
    };
    statements.set(core, s);
  }
  return s;
}

/**
 * Appends the audit row and the outbox command of one mutation. Must run inside `core.tx` with the change
 * itself, so the three either all exist or none does (what the sync and the durability test rely on).
 */
export function record(core: Core, r: Recorded, at = core.now()): { outboxId: string; auditId: number } {
  if (!core.sqlite.inTransaction) throw new Error('record() must run inside core.tx');
  const s = prepared(core);
  const outboxId = r.id ?? newId();
  const payload = {
    ...(r.command?.payload ?? r.detail),
    booth_id: core.boothId,
    actor_id: r.actorId,
    at,
  };
  s.outbox.run(outboxId, r.command?.type ?? r.kind, r.lotId, JSON.stringify(payload), at);
  const info = s.audit.run(at, r.kind, r.actorId, core.boothId, r.lotId, r.bookingId ?? null, outboxId, JSON.stringify(r.detail));
  if (r.lotId) core.notify({ kind: 'audit', lot_id: r.lotId, audit_kind: r.kind });
  return { outboxId, auditId: Number(info.lastInsertRowid) };
}
