// On every screen: lot, staff, online/offline (and for how long), commands waiting to sync (and the oldest one's
// age), why sync is off when it is (e.g. revoked), clock.
import { useEffect, useState } from 'react';
import type { Lot, Staff, SyncStatus } from '../../../shared/contract';
import { formatDuration } from '../lib/words';

interface Props {
  lot: Lot;
  staff: Staff;
  sync: SyncStatus | null;
  /** Booth clock minus ours at the last status read, so the clock shows booth time. */
  skewMs: number;
  onSignOut(): void;
}

export function StatusBar({ lot, staff, sync, skewMs, onSignOut }: Props) {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now() + skewMs), 1000);
    return () => clearInterval(t);
  }, [skewMs]);
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: lot.time_zone }).format(now);
  const waiting = sync?.outbox_depth ?? 0;
  const oldest = sync?.oldest_pending_at ? ` (oldest ${formatDuration(now - sync.oldest_pending_at)})` : '';

  return (
    <header className="status-bar" aria-label="Booth status">
      <span className="status-lot" title={lot.address ?? undefined}>
        {lot.name}
      </span>
      <span className="status-staff">
        {staff.name} <span className="muted">({staff.role})</span>
      </span>
      <span className={sync?.online ? 'status-online' : sync?.enrolled ? 'status-offline' : 'muted'}>
        {connectionText(sync, now)}
      </span>
      <span className="status-outbox">
        {waiting} waiting to sync{waiting > 0 ? oldest : ''}
      </span>
      {sync?.message && <span className="status-message">{sync.message}</span>}
      <time className="status-clock" aria-label="Booth clock">
        {clock}
      </time>
      {/* A break: the shift stays open for the next sign-in; closing it with the cash count is on the Shift screen. */}
      <button type="button" className="btn-small" onClick={onSignOut} title="The shift stays open; close it with the cash count on the Shift screen">
        Sign out
      </button>
    </header>
  );
}

function connectionText(sync: SyncStatus | null, now: number): string {
  if (sync === null) return '…';
  if (!sync.enrolled) return 'Standalone (no API)';
  if (sync.online) return 'Online';
  return sync.offline_since ? `Offline ${formatDuration(now - sync.offline_since)}` : 'Offline';
}
