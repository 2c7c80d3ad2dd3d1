import { z } from 'zod';
import { Cents, PriceType } from '../domain';

/**
 * How a lot charges. `price_cents` is per `price_type` unit; stays are rounded up to `increment_minutes`;
 * a stay no longer than `grace_minutes` is free; no 24-hour period costs more than `daily_cap_cents`.
 */
export const Tariff = z.object({
  price_cents: Cents,
  price_type: PriceType,
  increment_minutes: z.number().int().min(1).max(1440).default(15),
  grace_minutes: z.number().int().min(0).max(240).default(0),
  daily_cap_cents: Cents.nullable().default(null),
});
export type Tariff = z.infer<typeof Tariff>;
export type TariffInput = z.input<typeof Tariff>;
