import { z } from 'zod';
import { normalizePlate } from '../plate';
import { InstantOut, NonEmptyText } from './common';

/** A plate as typed; stored and returned normalised (upper case, letters and digits), ≤ 16 bytes to fit a pass. */
export const LicensePlate = z
  .string()
  .max(20)
  .transform(normalizePlate)
  .pipe(
    z
      .string()
      .min(1, 'a plate needs letters or digits')
      .refine((p) => Buffer.byteLength(p, 'utf8') <= 16, 'a plate is at most 16 bytes'),
  );

export const Vehicle = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  make: z.string(),
  model: z.string(),
  license_plate: z.string(),
  color: z.string().nullable(),
  year: z.number().int().nullable(),
  is_default: z.boolean(),
  created_at: InstantOut,
  updated_at: InstantOut,
});
export type Vehicle = z.infer<typeof Vehicle>;

export const VehicleCreate = z
  .object({
    make: NonEmptyText(100),
    model: NonEmptyText(100),
    license_plate: LicensePlate,
    color: NonEmptyText(50).nullable().optional(),
    year: z.number().int().min(1900).max(2100).nullable().optional(),
    is_default: z.boolean().optional(),
  })
  .strict();
export const VehicleUpdate = VehicleCreate.partial().strict();
