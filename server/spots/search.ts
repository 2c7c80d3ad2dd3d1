/**
 * Lot search: active lots near a point (great-circle distance, prefiltered by a bounding box the location index
 * can use), by price, amenities (all of them) and rating, sorted and paginated with the total in one query.
 */
import { and, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { parkingSpotAmenities, parkingSpots } from '../../db/central/schema';
import type { LotSearchQuery } from '../../src/shared/api/spots';
import type { Executor } from '../db';
import { centsToDecimal } from '../db/money';
import type { LotRow } from './repository';

const EARTH_KM = 6371.0088;
const KM_PER_DEGREE = 111.32;

export async function searchLots(db: Executor, q: LotSearchQuery): Promise<{ rows: Array<LotRow & { distanceKm: number | null }>; total: number }> {
  const where: Array<SQL | undefined> = [eq(parkingSpots.isActive, true)];
  let distance: SQL<number> | undefined;
  if (q.lat !== undefined && q.lng !== undefined) {
    const lat = q.lat;
    const lng = q.lng;
    distance = sql<number>`(${sql.raw(String(EARTH_KM))} * 2 * asin(sqrt(
      power(sin(radians(${parkingSpots.latitude}::float8 - ${lat}::float8) / 2), 2) +
      cos(radians(${lat}::float8)) * cos(radians(${parkingSpots.latitude}::float8)) *
      power(sin(radians(${parkingSpots.longitude}::float8 - ${lng}::float8) / 2), 2))))`;
    const dLat = q.radius_km / KM_PER_DEGREE;
    where.push(gte(parkingSpots.latitude, String(Math.max(-90, lat - dLat))), lte(parkingSpots.latitude, String(Math.min(90, lat + dLat))));
    const cosLat = Math.cos((lat * Math.PI) / 180);
    const dLng = cosLat > 0.01 ? q.radius_km / (KM_PER_DEGREE * cosLat) : 360;
    // Near the poles or across the antimeridian the box would wrap: rely on the exact distance alone there.
    if (lng - dLng >= -180 && lng + dLng <= 180) {
      where.push(gte(parkingSpots.longitude, String(lng - dLng)), lte(parkingSpots.longitude, String(lng + dLng)));
    }
    where.push(sql`${distance} <= ${q.radius_km}::float8`);
  }
  if (q.min_price_cents !== undefined) where.push(gte(parkingSpots.price, centsToDecimal(q.min_price_cents)));
  if (q.max_price_cents !== undefined) where.push(lte(parkingSpots.price, centsToDecimal(q.max_price_cents)));
  if (q.price_type) where.push(eq(parkingSpots.priceType, q.price_type));
  if (q.min_rating !== undefined) where.push(gte(parkingSpots.rating, String(q.min_rating)));
  const wanted = [...new Set(q.amenities ?? [])];
  if (wanted.length > 0) {
    where.push(
      inArray(
        parkingSpots.id,
        db
          .select({ id: parkingSpotAmenities.spotId })
          .from(parkingSpotAmenities)
          .where(inArray(parkingSpotAmenities.amenityId, wanted))
          .groupBy(parkingSpotAmenities.spotId)
          .having(sql`count(*) = ${wanted.length}::int`),
      ),
    );
  }
  const sort = q.sort ?? (distance ? 'distance' : 'newest');
  const order: SQL[] = {
    distance: [sql`${distance ?? sql`0`} ASC`],
    price: [sql`${parkingSpots.price} ASC`],
    rating: [sql`${parkingSpots.rating} DESC`, sql`${parkingSpots.reviewCount} DESC`],
    newest: [sql`${parkingSpots.createdAt} DESC`],
  }[sort];
  const rows = await db
    .select({
      lot: parkingSpots,
      distanceKm: distance ? sql<number>`${distance}` : sql<null>`NULL::float8`,
      total: sql<number>`count(*) OVER ()`.mapWith(Number),
    })
    .from(parkingSpots)
    .where(and(...where))
    .orderBy(...order, sql`${parkingSpots.id} ASC`)
    .limit(q.limit)
    .offset((q.page - 1) * q.limit);
  return {
    rows: rows.map((r) => ({ ...r.lot, distanceKm: r.distanceKm === null ? null : Number(r.distanceKm) })),
    total: rows[0]?.total ?? (q.page > 1 ? await countOnly(db, and(...where)) : 0),
  };
}

/** The total when the requested page is past the end (no row carries the window count). */
async function countOnly(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(parkingSpots).where(where);
  return row?.n ?? 0;
}
