import type { AuditRecord } from '../../../shared/contract';
import type { Core } from '../core/core';

interface AuditRow {
  id: number;
  at: number;
  kind: string;
  actor_id: string | null;
  booth_id: string;
  lot_id: string | null;
  booking_id: string | null;
  detail: string;
}

export interface AuditQuery {
  lot_id?: string | undefined;
  kind?: string | undefined;
  before_id?: number | undefined;
  limit: number;
}

/** Reads the append-only audit log, newest first, paged by id (writes go through core/record.ts only). */
export function listAudit(core: Core, q: AuditQuery): AuditRecord[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit };
  if (q.lot_id !== undefined) {
    where.push('lot_id = @lot_id');
    params.lot_id = q.lot_id;
  }
  if (q.kind !== undefined) {
    where.push('kind = @kind');
    params.kind = q.kind;
  }
  if (q.before_id !== undefined) {
    where.push('id < @before_id');
    params.before_id = q.before_id;
  }
  const sql = `SELECT id, at, kind, actor_id, booth_id, lot_id, booking_id, detail FROM audit_log
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
  return (core.sqlite.prepare(sql).all(params) as AuditRow[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
