import { z } from 'zod';
import { Cents, PriceType } from '../domain';
import { Instant, InstantOut, NonEmptyText, PageQuery, Text } from './common';

/** DECIMAL(10,2) holds at most 99,999,999.99. */
export const MAX_CENTS = 9_999_999_999;
export const MAX_BAYS = 5000;
const Money = Cents.max(MAX_CENTS);

export const TimeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'expected an IANA time zone such as Europe/London')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

export const Amenity = z.object({ id: z.uuid(), name: z.string(), icon: z.string().nullable(), description: z.string().nullable() });
export const LotImage = z.object({ id: z.uuid(), image_url: z.string(), display_order: z.number().int() });
export const Bay = z.object({
  id: z.uuid(),
  index_number: z.number().int(),
  status: z.enum(['available', 'occupied']),
  blocked: z.boolean(),
  blocked_reason: z.string().nullable(),
});
export type Bay = z.infer<typeof Bay>;

export const Lot = z.object({
  id: z.uuid(),
  owner_id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  address: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  total_slots: z.number().int(),
  /** Bays free right now: not occupied and not blocked. */
  available_slots: z.number().int(),
  price_cents: z.number().int(),
  price_type: PriceType,
  opening_hours: z.string().nullable(),
  phone: z.string().nullable(),
  is_active: z.boolean(),
  rating: z.number(),
  review_count: z.number().int(),
  time_zone: z.string(),
  increment_minutes: z.number().int(),
  grace_minutes: z.number().int(),
  daily_cap_cents: z.number().int().nullable(),
  entry_grace_minutes: z.number().int(),
  exit_grace_minutes: z.number().int(),
  no_show_minutes: z.number().int(),
  created_at: InstantOut,
  updated_at: InstantOut,
});
export type Lot = z.infer<typeof Lot>;

/** A search answer's lot: `available_slots` is for the window asked about, if any (LotSearchQuery). */
export const LotSearchItem = Lot.extend({ distance_km: z.number().nullable() });
export const LotDetail = Lot.extend({ images: z.array(LotImage), amenities: z.array(Amenity), bays: z.array(Bay) });
export type LotDetail = z.infer<typeof LotDetail>;

const Url = z.url({ protocol: /^https?$/ }).max(2048);
const Minutes = (max: number) => z.number().int().min(0).max(max);

export const LotCreate = z
  .object({
    name: NonEmptyText(255),
    description: Text(5000).nullable().optional(),
    address: NonEmptyText(1000),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    total_slots: z.number().int().min(1).max(MAX_BAYS),
    price_cents: Money,
    price_type: PriceType,
    opening_hours: Text(100).nullable().optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{3,20}$/).nullable().optional(),
    time_zone: TimeZone.default('UTC'),
    increment_minutes: z.number().int().min(1).max(1440).optional(),
    grace_minutes: Minutes(240).optional(),
    daily_cap_cents: Money.nullable().optional(),
    entry_grace_minutes: Minutes(240).optional(),
    exit_grace_minutes: Minutes(240).optional(),
    no_show_minutes: Minutes(1440).optional(),
    amenity_ids: z.array(z.uuid()).max(20).optional(),
    images: z.array(Url).max(20).optional(),
  })
  .strict();
export type LotCreate = z.infer<typeof LotCreate>;

export const LotUpdate = LotCreate.omit({ time_zone: true })
  .partial()
  .extend({ time_zone: TimeZone.optional(), is_active: z.boolean().optional() })
  .strict();
export type LotUpdate = z.infer<typeof LotUpdate>;

export const BayUpdate = z.object({ blocked: z.boolean(), blocked_reason: NonEmptyText(500).nullable().optional() }).strict();
export const BayParams = z.object({ id: z.uuid(), bayId: z.uuid() });

const commaIds = z
  .string()
  .max(400)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.uuid()).max(10));

/** The longest time window a search may ask about (its availability is computed per lot). */
export const MAX_SEARCH_WINDOW_MS = 31 * 86_400_000;

export const LotSearchQuery = PageQuery.extend({
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
  radius_km: z.coerce.number().positive().max(200).default(10),
  min_price_cents: z.coerce.number().int().min(0).max(MAX_CENTS).optional(),
  max_price_cents: z.coerce.number().int().min(0).max(MAX_CENTS).optional(),
  price_type: PriceType.optional(),
  amenities: commaIds.optional(),
  min_rating: z.coerce.number().min(0).max(5).optional(),
  /**
   * A time window: each lot's `available_slots` is then the bays free for the whole of it (bookable bays minus
   * the peak of bookings, walk-ins inside and availability blocks in it). Without one, the bays free now.
   */
  start_time: Instant.optional(),
  end_time: Instant.optional(),
  /** Only lots with at least this many bays free (in the window, or now). */
  min_available: z.coerce.number().int().min(1).max(MAX_BAYS).optional(),
  /** `availability`: most free bays first. */
  sort: z.enum(['distance', 'price', 'rating', 'newest', 'availability']).optional(),
})
  .strict()
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: 'lat and lng go together', path: ['lng'] })
  .refine((q) => q.sort !== 'distance' || q.lat !== undefined, { message: 'sorting by distance needs lat and lng', path: ['sort'] })
  .refine((q) => (q.start_time === undefined) === (q.end_time === undefined), { message: 'start_time and end_time go together', path: ['end_time'] })
  // zod runs these even when a time failed to parse (it is then still a string): look only at parsed ones.
  .refine((q) => !(q.start_time instanceof Date && q.end_time instanceof Date) || q.end_time > q.start_time, {
    message: 'end_time must be after start_time',
    path: ['end_time'],
  })
  .refine((q) => !(q.start_time instanceof Date && q.end_time instanceof Date) || q.end_time.getTime() - q.start_time.getTime() <= MAX_SEARCH_WINDOW_MS, {
    message: 'a search window lasts at most 31 days',
    path: ['end_time'],
  });
export type LotSearchQuery = z.infer<typeof LotSearchQuery>;
