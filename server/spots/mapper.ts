import type { bays } from '../../db/central/schema';
import type { Bay, Lot } from '../../src/shared/api/spots';
import type { Tariff } from '../../src/shared/fees';
import { decimalToCents, nullableCents } from '../db/money';
import type { LotRow } from './repository';

export function toLot(row: LotRow): Lot {
  return {
    id: row.id,
    owner_id: row.ownerId,
    name: row.name,
    description: row.description,
    address: row.address,
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    total_slots: row.totalSlots,
    available_slots: row.availableSlots,
    price_cents: decimalToCents(row.price),
    price_type: row.priceType,
    opening_hours: row.openingHours,
    phone: row.phone,
    is_active: row.isActive,
    rating: Number(row.rating),
    review_count: row.reviewCount,
    time_zone: row.timeZone,
    increment_minutes: row.incrementMinutes,
    grace_minutes: row.graceMinutes,
    daily_cap_cents: nullableCents(row.dailyCap),
    entry_grace_minutes: row.entryGraceMinutes,
    exit_grace_minutes: row.exitGraceMinutes,
    no_show_minutes: row.noShowMinutes,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toBay(row: typeof bays.$inferSelect): Bay {
  return { id: row.id, index_number: row.indexNumber, status: row.status, blocked: row.blocked, blocked_reason: row.blockedReason };
}

/** The lot's tariff as the shared fee function reads it. */
export function tariffOf(row: LotRow): Tariff {
  return {
    price_cents: decimalToCents(row.price),
    price_type: row.priceType,
    increment_minutes: row.incrementMinutes,
    grace_minutes: row.graceMinutes,
    daily_cap_cents: nullableCents(row.dailyCap),
  };
}
