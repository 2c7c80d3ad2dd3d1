import type { SyncStatus } from '../../../shared/contract';
import type { Core } from '../core/core';
import { getSetting } from '../settings/settings';

/**
 * Sync health for the status bar. Until the sync client exists (its own issue) the booth is standalone: not
 * enrolled, offline, and the outbox simply grows; the figures are real either way.
 */
export function syncStatus(core: Core): SyncStatus {
  const outbox = core.sqlite
    .prepare("SELECT count(*) AS depth, min(created_at) AS oldest FROM outbox WHERE status = 'pending'")
    .get() as { depth: number; oldest: number | null };
  const synced = core.sqlite
    .prepare('SELECT max(max(coalesce(last_pulled_at, 0)), max(coalesce(last_pushed_at, 0))) AS at FROM sync_state')
    .get() as { at: number | null };
  const online = getSetting(core.sqlite, 'sync.online') === 'true';
  const offlineSince = getSetting(core.sqlite, 'sync.offline_since');
  return {
    online,
    enrolled: getSetting(core.sqlite, 'sync.device_id') !== null,
    outbox_depth: outbox.depth,
    oldest_pending_at: outbox.oldest,
    last_synced_at: synced.at ? synced.at : null,
    offline_since: online || offlineSince === null ? null : Number(offlineSince),
    message: getSetting(core.sqlite, 'sync.message'),
  };
}
