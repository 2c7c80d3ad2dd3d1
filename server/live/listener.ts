// Where the live hub hears "the log has something new": LIVE_CHANNEL, through server/db/listen. After a
// reconnect the hub catches up from the log, so nothing announced meanwhile is lost.
import { type ListenerLog, type NotificationSource, listenTo } from '../db/listen';
import type { Database } from '../db/types';
import { LIVE_CHANNEL } from './store';

export type { NotificationSource } from '../db/listen';

/** The live hub's notification source for an opened central database. */
export function notificationSourceFor(database: Database, log: ListenerLog): NotificationSource {
  return listenTo(database, LIVE_CHANNEL, 'parkpass-live', log);
}
