/**
 * Hears "lot X's feed moved" from every API process (NOTIFY on FEED_CHANNEL, sent by appendChange at commit) and
 * fans it out in this process: 'lot' with the lot's id. After the LISTEN connection was lost and re-made,
 * 'reconnect': notifications sent meanwhile were lost, so every stream pulls.
 */
import { EventEmitter } from 'node:events';
import { type ListenerLog, type NotificationSource, listenTo } from '../db/listen';
import type { Database } from '../db';
import { FEED_CHANNEL } from './feed';

export class FeedListener extends EventEmitter {
  private readonly source: NotificationSource;

  constructor(database: Database, log: ListenerLog) {
    super();
    this.setMaxListeners(0);
    this.source = listenTo(database, FEED_CHANNEL, 'parkpass-sync', log);
  }

  start(): Promise<void> {
    return this.source.start(
      (lotId) => lotId && this.emit('lot', lotId),
      () => this.emit('reconnect'),
    );
  }

  async stop(): Promise<void> {
    await this.source.stop().catch(() => undefined);
    this.removeAllListeners();
  }
}
