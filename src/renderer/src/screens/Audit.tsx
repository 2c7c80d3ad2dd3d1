// The manager's audit log: every decision, release, override, sign-in and block, newest first, filterable.
import { useCallback, useEffect, useState } from 'react';
import type { AuditRecord } from '../../../shared/contract';
import { messageOf } from '../client';
import { useBooth } from '../lib/booth-context';
import { formatDateTime } from '../lib/words';

const KINDS = ['', 'gate.decision', 'gate.override', 'walkin.admit', 'release', 'floor.set_bay_count', 'floor.block_bay', 'staff.sign_in', 'staff.sign_in_failed', 'staff.sign_out'];
const PAGE = 50;

function summary(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

export function Audit() {
  const { client, lot } = useBooth();
  const [kind, setKind] = useState('');
  const [rows, setRows] = useState<AuditRecord[]>([]);
  const [more, setMore] = useState(false);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (before?: number) => {
      client['audit.list']({ kind: kind || undefined, before_id: before, limit: PAGE }).then(
        (page) => {
          setRows((r) => (before ? [...r, ...page] : page));
          setMore(page.length === PAGE);
        },
        (e: unknown) => setError(messageOf(e)),
      );
    },
    [client, kind],
  );
  useEffect(() => load(), [load]);
  useEffect(() => {
    client['staff.list']({}).then((list) => setNames(new Map(list.map((s) => [s.id, s.name]))), () => undefined);
  }, [client]);

  return (
    <section className="audit" aria-label="Audit log">
      <div className="row">
        <label htmlFor="audit-kind">Kind</label>
        <select id="audit-kind" className="big-input" value={kind} onChange={(e) => setKind(e.target.value)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>{k || 'All'}</option>
          ))}
        </select>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <table className="audit-table">
        <thead>
          <tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Who</th><th scope="col">Detail</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatDateTime(r.at, lot.time_zone)}</td>
              <td>{r.kind}</td>
              <td>{r.actor_id ? (names.get(r.actor_id) ?? r.actor_id) : '—'}</td>
              <td className="audit-detail">{summary(r.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" className="btn-small" onClick={() => load(rows[rows.length - 1]?.id)}>
          Load older
        </button>
      )}
    </section>
  );
}
