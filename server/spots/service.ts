/**
 * Lot rules: only owners (and admins) create lots; only a lot's owner or an admin changes it; the bay rows follow
 * `total_slots` (removing only available bays), and no change may leave future bookings without a bay.
 */
import type { LotCreate, LotDetail, LotUpdate } from '../../src/shared/api/spots';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { centsToDecimal } from '../db/money';
import { badRequest, conflict, forbidden, notFound } from '../errors';
import { peakHolds } from './capacity';
import { toBay, toLot } from './mapper';
import * as repo from './repository';
import { appendChange } from '../sync/feed';
import { syncLot } from '../sync/mappers';

export const canManage = (actor: Actor | null, lot: repo.LotRow) => !!actor && (actor.user_type === 'admin' || actor.id === lot.ownerId);

/** Locks the lot for the rest of the transaction, after checking the actor may manage it. */
export async function manageableLot(tx: Executor, actor: Actor, id: string): Promise<repo.LotRow> {
  const lot = await repo.lockLot(tx, id);
  if (!lot) throw notFound('lot');
  if (!canManage(actor, lot)) throw forbidden('only the owner of this lot or an admin may change it');
  return lot;
}

function columns(input: Partial<LotCreate> & { is_active?: boolean | undefined }): Partial<repo.LotInsert> {
  const set: Partial<repo.LotInsert> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.description !== undefined) set.description = input.description;
  if (input.address !== undefined) set.address = input.address;
  if (input.latitude !== undefined) set.latitude = input.latitude.toFixed(8);
  if (input.longitude !== undefined) set.longitude = input.longitude.toFixed(8);
  if (input.price_cents !== undefined) set.price = centsToDecimal(input.price_cents);
  if (input.price_type !== undefined) set.priceType = input.price_type;
  if (input.opening_hours !== undefined) set.openingHours = input.opening_hours;
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.time_zone !== undefined) set.timeZone = input.time_zone;
  if (input.increment_minutes !== undefined) set.incrementMinutes = input.increment_minutes;
  if (input.grace_minutes !== undefined) set.graceMinutes = input.grace_minutes;
  if (input.daily_cap_cents !== undefined) set.dailyCap = input.daily_cap_cents === null ? null : centsToDecimal(input.daily_cap_cents);
  if (input.entry_grace_minutes !== undefined) set.entryGraceMinutes = input.entry_grace_minutes;
  if (input.exit_grace_minutes !== undefined) set.exitGraceMinutes = input.exit_grace_minutes;
  if (input.no_show_minutes !== undefined) set.noShowMinutes = input.no_show_minutes;
  if (input.is_active !== undefined) set.isActive = input.is_active;
  return set;
}

async function checkAmenities(db: Executor, ids: string[] | undefined): Promise<string[] | undefined> {
  if (ids === undefined) return undefined;
  const unique = [...new Set(ids)];
  if ((await repo.existingAmenityIds(db, unique)).length !== unique.length) throw badRequest('unknown amenity id', 'unknown_amenity');
  return unique;
}

/** Bookings from now on must still fit `capacity` bays. */
async function assertFutureFits(tx: Executor, lot: repo.LotRow, capacity: number): Promise<void> {
  const now = new Date();
  const last = await repo.latestBookingEnd(tx, lot.id);
  if (!last || last <= now) return;
  const peak = peakHolds(await repo.holdsIn(tx, lot, now, last), now.getTime(), last.getTime());
  if (peak > capacity) throw conflict(`${peak} bookings overlap at some time ahead; the lot would have only ${capacity} bays`, 'would_oversell');
}

export async function createLot(db: Executor, actor: Actor, input: LotCreate): Promise<LotDetail> {
  if (actor.user_type === 'customer') throw forbidden('only lot owners create lots');
  const amenityIds = await checkAmenities(db, input.amenity_ids);
  const id = await db.transaction(async (tx) => {
    const lot = await repo.insertLot(tx, {
      ...(columns(input) as repo.LotInsert),
      ownerId: actor.id,
      totalSlots: input.total_slots,
      availableSlots: input.total_slots,
    });
    await repo.addBays(tx, lot.id, input.total_slots);
    if (amenityIds) await repo.replaceAmenities(tx, lot.id, amenityIds);
    if (input.images) await repo.replaceImages(tx, lot.id, input.images);
    await repo.refreshCounts(tx, lot.id);
    return lot.id;
  });
  return (await lotDetail(db, actor, id))!;
}

export async function updateLot(db: Executor, actor: Actor, id: string, input: LotUpdate): Promise<LotDetail> {
  const amenityIds = await checkAmenities(db, input.amenity_ids);
  await db.transaction(async (tx) => {
    const lot = await manageableLot(tx, actor, id);
    await repo.updateLot(tx, id, columns(input));
    if (input.total_slots !== undefined && input.total_slots !== lot.totalSlots) {
      const change = input.total_slots - lot.totalSlots;
      if (change > 0) {
        await repo.addBays(tx, id, change);
      } else {
        const removed = await repo.removeAvailableBays(tx, id, -change);
        if (removed < -change) throw conflict(`only ${removed} bays are free to remove; occupied bays stay`, 'bays_occupied');
        await assertFutureFits(tx, lot, await repo.bookableBays(tx, id));
      }
    }
    if (amenityIds) await repo.replaceAmenities(tx, id, amenityIds);
    if (input.images) await repo.replaceImages(tx, id, input.images);
    const updated = await repo.refreshCounts(tx, id);
    await appendChange(tx, id, 'lot', syncLot(updated));
  });
  return (await lotDetail(db, actor, id))!;
}

/**
 * A lot with history is deactivated (its bookings, walk-ins and booth takings keep their lot); one without is
 * removed. Never while a booking is pending or a car is inside.
 */
export async function deleteLot(db: Executor, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await manageableLot(tx, actor, id);
    if ((await repo.countStays(tx, id, true)) > 0) throw conflict('the lot has pending bookings or cars inside', 'lot_has_bookings');
    if ((await repo.countStays(tx, id, false)) > 0) await repo.updateLot(tx, id, { isActive: false });
    else await repo.deleteLot(tx, id);
  });
}

export async function setBayBlocked(db: Executor, actor: Actor, id: string, bayId: string, blocked: boolean, reason: string | null) {
  return db.transaction(async (tx) => {
    const lot = await manageableLot(tx, actor, id);
    const bay = await repo.findBay(tx, id, bayId);
    if (!bay) throw notFound('bay');
    const row = await repo.setBayBlocked(tx, bayId, blocked, reason);
    if (blocked && !bay.blocked) await assertFutureFits(tx, lot, await repo.bookableBays(tx, id));
    await repo.refreshCounts(tx, id);
    await appendChange(tx, id, 'bay', { number: row.indexNumber, status: row.status, blocked_reason: row.blocked ? (row.blockedReason ?? '') : null });
    return toBay(row);
  });
}

/** Inactive lots are visible only to whoever manages them. */
export async function lotDetail(db: Executor, actor: Actor | null, id: string): Promise<LotDetail | null> {
  const lot = await repo.findLot(db, id);
  if (!lot || (!lot.isActive && !canManage(actor, lot))) return null;
  const [images, amenities, bays] = await Promise.all([repo.imagesOf(db, id), repo.amenitiesOf(db, id), repo.listBays(db, id)]);
  return {
    ...toLot(lot),
    images: images.map((i) => ({ id: i.id, image_url: i.imageUrl, display_order: i.displayOrder })),
    amenities,
    bays: bays.map(toBay),
  };
}
