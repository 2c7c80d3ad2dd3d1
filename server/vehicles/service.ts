/** A user's vehicles: plate unique per user, exactly one default while any exist, at most MAX_VEHICLES. */
import type { z } from 'zod';
import type { Vehicle, VehicleCreate, VehicleUpdate } from '../../src/shared/api/vehicles';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { conflict, notFound } from '../errors';
import * as repo from './repository';

export const MAX_VEHICLES = 50;

export function toVehicle(row: repo.VehicleRow): Vehicle {
  return {
    id: row.id,
    user_id: row.userId,
    make: row.make,
    model: row.model,
    license_plate: row.licensePlate,
    color: row.color,
    year: row.year,
    is_default: row.isDefault,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The vehicle if the actor owns it; someone else's vehicle is "not found", so ids cannot be probed. */
export async function ownVehicle(db: Executor, actor: Actor, id: string) {
  const row = await repo.findVehicle(db, id);
  if (!row || row.userId !== actor.id) throw notFound('vehicle');
  return row;
}

export async function createVehicle(db: Executor, actor: Actor, input: z.infer<typeof VehicleCreate>) {
  return db.transaction(async (tx) => {
    const existing = await repo.countVehicles(tx, actor.id);
    if (existing >= MAX_VEHICLES) throw conflict(`at most ${MAX_VEHICLES} vehicles per account`, 'too_many_vehicles');
    const isDefault = existing === 0 || input.is_default === true;
    if (isDefault) await repo.clearDefault(tx, actor.id);
    return repo.insertVehicle(tx, {
      userId: actor.id,
      make: input.make,
      model: input.model,
      licensePlate: input.license_plate,
      color: input.color ?? null,
      year: input.year ?? null,
      isDefault,
    });
  });
}

export async function updateVehicle(db: Executor, actor: Actor, id: string, input: z.infer<typeof VehicleUpdate>) {
  return db.transaction(async (tx) => {
    const row = await ownVehicle(tx, actor, id);
    if (input.is_default === true) await repo.clearDefault(tx, actor.id, id);
    // Unsetting the only default is refused: a user with vehicles always has a default one.
    if (input.is_default === false && row.isDefault) throw conflict('make another vehicle the default instead', 'default_required');
    return repo.updateVehicle(tx, id, {
      ...(input.make !== undefined && { make: input.make }),
      ...(input.model !== undefined && { model: input.model }),
      ...(input.license_plate !== undefined && { licensePlate: input.license_plate }),
      ...(input.color !== undefined && { color: input.color }),
      ...(input.year !== undefined && { year: input.year }),
      ...(input.is_default !== undefined && { isDefault: input.is_default }),
    });
  });
}

export async function deleteVehicle(db: Executor, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const row = await ownVehicle(tx, actor, id);
    // Bookings keep pointing at their vehicle (history, passes), so a booked vehicle stays.
    if (await repo.hasBookings(tx, id)) throw conflict('this vehicle has bookings', 'vehicle_in_use');
    await repo.deleteVehicle(tx, id);
    if (row.isDefault) await repo.promoteOldest(tx, actor.id);
  });
}
