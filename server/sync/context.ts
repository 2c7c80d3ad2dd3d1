/**
 * What applying a chunk of pushed commands shares inside its one transaction: each lot is locked once, bay
 * counts are rewritten once per lot, lease use is settled once, and feed entries are buffered and appended in
 * one statement per lot at the end — all before COMMIT, so they commit with the changes or not at all.
 * Booking changes a customer sees (check-in, check-out) are announced the same way as the API's own gate
 * check (notification, live events), last, after the counts are rewritten (the live availability reads them)
 * and in the same transaction: a command answered `duplicate` never reaches here, so a re-pushed batch
 * announces nothing twice.
 */
import { sql } from 'drizzle-orm';
import type { BookingRow } from '../bookings/repository';
import { type BookingChange, announceBooking } from '../bookings/service';
import type { Executor } from '../db';
import { lockLot, refreshCounts, type LotRow } from '../spots/repository';
import { type ChangeData, type ChangeEntity, appendChanges } from './feed';
import { reject } from './outcome';

interface Pending {
  lotId: string;
  entity: ChangeEntity;
  data: unknown;
}

interface Mark {
  feed: number;
  walkins: number;
  announcements: number;
}

export class ApplyContext {
  private readonly locked = new Map<string, LotRow>();
  private readonly dirty = new Set<string>();
  private feedBuffer: Pending[] = [];
  private walkins: string[] = [];
  private announcements: Array<{ change: BookingChange; row: BookingRow }> = [];

  /** `db` is the app's handle, which the booking listener is registered on; `tx` the chunk's transaction. */
  constructor(
    readonly db: Executor,
    readonly tx: Executor,
    readonly deviceId: string,
    readonly ownerId: string,
  ) {}

  /** The lot, row-locked until the transaction ends (the lock every capacity decision of a lot goes through). */
  async lot(lotId: string): Promise<LotRow> {
    const hit = this.locked.get(lotId);
    if (hit) return hit;
    const lot = await lockLot(this.tx, lotId);
    if (!lot) throw reject('unknown_lot', 'no such lot');
    this.locked.set(lotId, lot);
    return lot;
  }

  feed<E extends ChangeEntity>(lotId: string, entity: E, data: ChangeData[E]): void {
    this.feedBuffer.push({ lotId, entity, data });
  }

  baysChanged(lotId: string): void {
    this.dirty.add(lotId);
  }

  walkinAdmitted(lotId: string): void {
    this.walkins.push(lotId);
  }

  /** A customer's booking changed at a booth: told to the booking listener when the chunk finishes. */
  announce(change: BookingChange, row: BookingRow): void {
    this.announcements.push({ change, row });
  }

  /** Where a command started, so a refused one can take back what it buffered. */
  mark(): Mark {
    return { feed: this.feedBuffer.length, walkins: this.walkins.length, announcements: this.announcements.length };
  }

  rollbackTo(m: Mark): void {
    this.feedBuffer = this.feedBuffer.slice(0, m.feed);
    this.walkins = this.walkins.slice(0, m.walkins);
    this.announcements = this.announcements.slice(0, m.announcements);
  }

  /** Appends what is buffered now, so a change written straight to the feed (by a shared service) comes after it. */
  async flushFeed(): Promise<void> {
    const byLot = new Map<string, Pending[]>();
    for (const p of this.feedBuffer) byLot.set(p.lotId, [...(byLot.get(p.lotId) ?? []), p]);
    this.feedBuffer = [];
    for (const [lotId, entries] of byLot) await appendChanges(this.tx, lotId, entries);
  }

  async finish(): Promise<void> {
    for (const lotId of this.dirty) await refreshCounts(this.tx, lotId);
    const used = new Map<string, number>();
    for (const lotId of this.walkins) used.set(lotId, (used.get(lotId) ?? 0) + 1);
    // Walk-ins used this booth's lease; the rebalance after the batch hands out what is left.
    for (const [lotId, n] of used) {
      await this.tx.execute(sql`UPDATE device_lots SET lease_walkins = greatest(lease_walkins - ${n}, 0) WHERE device_id = ${this.deviceId} AND lot_id = ${lotId}`);
    }
    await this.flushFeed();
    // Last: the listener's live events hold a global lock until COMMIT, so they go after everything else.
    for (const { change, row } of this.announcements) await announceBooking(this.db, this.tx, change, row);
    this.announcements = [];
  }
}
