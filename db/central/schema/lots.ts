import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, numeric, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { money, ts } from './columns';
import { bayStatus, blockType, priceType } from './enums';
import { users } from './users';

/** A lot (the seed's "parking spot"), with seed 001's time zone and the tariff the shared fee function reads. */
export const parkingSpots = pgTable(
  'parking_spots',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar({ length: 255 }).notNull(),
    description: text(),
    address: text().notNull(),
    latitude: numeric({ precision: 10, scale: 8 }).notNull(),
    longitude: numeric({ precision: 11, scale: 8 }).notNull(),
    totalSlots: integer().notNull(),
    /** Bays free right now (available and not blocked); rewritten from the bay rows in every transaction that changes them. */
    availableSlots: integer().notNull(),
    price: money().notNull(),
    priceType: priceType().notNull(),
    openingHours: varchar({ length: 100 }).default('24/7'),
    phone: varchar({ length: 20 }),
    isActive: boolean().default(true).notNull(),
    rating: numeric({ precision: 3, scale: 2 }).default('0').notNull(),
    reviewCount: integer().default(0).notNull(),
    timeZone: varchar({ length: 64 }).default('UTC').notNull(),
    incrementMinutes: integer().default(15).notNull(),
    graceMinutes: integer().default(0).notNull(),
    dailyCap: money(),
    entryGraceMinutes: integer().default(15).notNull(),
    exitGraceMinutes: integer().default(15).notNull(),
    noShowMinutes: integer().default(60).notNull(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [
    index('idx_parking_spots_owner_id').on(t.ownerId),
    index('idx_parking_spots_location').on(t.latitude, t.longitude),
    index('idx_parking_spots_active').on(t.isActive),
    index('idx_parking_spots_price').on(t.price, t.priceType),
    check('parking_spots_total_slots_check', sql`${t.totalSlots} > 0`),
    check('parking_spots_available_slots_check', sql`${t.availableSlots} >= 0`),
    check('parking_spots_price_check', sql`${t.price} >= 0`),
    check('parking_spots_rating_check', sql`${t.rating} >= 0 AND ${t.rating} <= 5`),
    check('parking_spots_increment_check', sql`${t.incrementMinutes} BETWEEN 1 AND 1440`),
    check('parking_spots_grace_check', sql`${t.graceMinutes} BETWEEN 0 AND 240`),
    check('parking_spots_daily_cap_check', sql`${t.dailyCap} IS NULL OR ${t.dailyCap} >= 0`),
  ],
);

export const parkingSpotImages = pgTable(
  'parking_spot_images',
  {
    id: uuid().primaryKey().defaultRandom(),
    spotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    imageUrl: text().notNull(),
    displayOrder: integer().default(0).notNull(),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [index('idx_spot_images_spot_id').on(t.spotId)],
);

export const amenities = pgTable('amenities', {
  id: uuid().primaryKey().defaultRandom(),
  name: varchar({ length: 100 }).notNull().unique(),
  icon: varchar({ length: 50 }),
  description: text(),
});

export const parkingSpotAmenities = pgTable(
  'parking_spot_amenities',
  {
    spotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    amenityId: uuid()
      .notNull()
      .references(() => amenities.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.spotId, t.amenityId] }),
    index('idx_spot_amenities_spot_id').on(t.spotId),
    index('idx_spot_amenities_amenity_id').on(t.amenityId),
  ],
);

/** Seed 001's numbered spaces of a lot. */
export const bays = pgTable(
  'bays',
  {
    id: uuid().primaryKey().defaultRandom(),
    lotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    indexNumber: integer().notNull(),
    status: bayStatus().default('available').notNull(),
    blocked: boolean().default(false).notNull(),
    blockedReason: text(),
    createdAt: ts().defaultNow().notNull(),
    updatedAt: ts().defaultNow().notNull(),
  },
  (t) => [uniqueIndex('uq_lot_index').on(t.lotId, t.indexNumber), check('bays_index_check', sql`${t.indexNumber} > 0`)],
);

export const availabilityBlocks = pgTable(
  'availability_blocks',
  {
    id: uuid().primaryKey().defaultRandom(),
    spotId: uuid()
      .notNull()
      .references(() => parkingSpots.id, { onDelete: 'cascade' }),
    startTime: ts().notNull(),
    endTime: ts().notNull(),
    blockType: blockType().notNull(),
    slotsAffected: integer().notNull(),
    reason: text(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: ts().defaultNow().notNull(),
  },
  (t) => [
    index('idx_availability_blocks_spot_id').on(t.spotId),
    index('idx_availability_blocks_time_range').on(t.startTime, t.endTime),
    check('valid_block_time', sql`${t.endTime} > ${t.startTime}`),
  ],
);
