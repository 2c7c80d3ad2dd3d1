/**
 * Devices (booths): an owner makes a one-time enrollment code for a lot, a booth trades it for a device id and
 * token, and the owner can revoke the device, after which every sync call answers 401 `device_revoked`.
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { deviceLots, devices, enrollmentCodes, parkingSpots } from '../../db/central/schema';
import type { EnrollmentCodeResponse, EnrollResponse } from '../../src/shared/sync/protocol';
import { SYNC_ERRORS } from '../../src/shared/sync/protocol';
import type { Actor } from '../auth/tokens';
import type { Executor } from '../db';
import { ApiError, notFound } from '../errors';
import { manageableLot } from '../spots/service';
import { syncLot } from '../sync/mappers';
import { codeHash, newDeviceToken, newEnrollmentCode, tokenHash } from './secrets';

export interface Device {
  id: string;
  ownerId: string;
  name: string;
  lotIds: string[];
}

export async function createEnrollmentCode(db: Executor, actor: Actor, lotId: string, ttlMinutes: number): Promise<EnrollmentCodeResponse> {
  return db.transaction(async (tx) => {
    const lot = await manageableLot(tx, actor, lotId);
    const code = newEnrollmentCode();
    const expiresAt = new Date(Date.now() + ttlMinutes * 60_000);
    await tx.insert(enrollmentCodes).values({ codeHash: codeHash(code), lotId: lot.id, createdBy: actor.id, expiresAt });
    return { code, lot_id: lot.id, expires_at: expiresAt.getTime() };
  });
}

export async function enroll(db: Executor, passPublicKeys: string[], code: string, boothName: string): Promise<EnrollResponse> {
  return db.transaction(async (tx) => {
    const [grant] = await tx
      .select()
      .from(enrollmentCodes)
      .where(and(eq(enrollmentCodes.codeHash, codeHash(code)), isNull(enrollmentCodes.usedAt), gt(enrollmentCodes.expiresAt, sql`now()`)))
      .for('update');
    if (!grant) throw new ApiError(400, SYNC_ERRORS.invalidCode, 'this enrollment code is unknown, used or expired');
    const token = newDeviceToken();
    const lots = await tx.select().from(parkingSpots).where(eq(parkingSpots.id, grant.lotId));
    // The booth belongs to the lot's owner, also when an admin made the code: the owner lists and revokes it, and
    // the lot changes it pushes are made as the owner.
    const ownerId = lots[0]?.ownerId ?? grant.createdBy;
    const [device] = await tx.insert(devices).values({ ownerId, name: boothName, tokenHash: tokenHash(token) }).returning();
    await tx.insert(deviceLots).values({ deviceId: device!.id, lotId: grant.lotId });
    await tx.update(enrollmentCodes).set({ usedAt: sql`now()`, deviceId: device!.id }).where(eq(enrollmentCodes.codeHash, grant.codeHash));
    return { device_id: device!.id, device_token: token, lots: lots.map(syncLot), pass_public_keys: passPublicKeys, server_time: Date.now() };
  });
}

/** The device behind a token, or a 401 that tells a revoked booth apart from a wrong token. */
export async function authenticateDevice(db: Executor, token: string): Promise<Device> {
  const [row] = await db.select().from(devices).where(eq(devices.tokenHash, tokenHash(token)));
  if (!row) throw new ApiError(401, 'invalid_device_token', 'unknown device token');
  if (row.revokedAt) throw new ApiError(401, SYNC_ERRORS.deviceRevoked, 'this booth was revoked by the lot owner; its local data is kept');
  const lots = await db.select({ lotId: deviceLots.lotId }).from(deviceLots).where(eq(deviceLots.deviceId, row.id));
  return { id: row.id, ownerId: row.ownerId, name: row.name, lotIds: lots.map((l) => l.lotId) };
}

export async function listDevices(db: Executor, actor: Actor) {
  const rows = await db.select().from(devices).where(actor.user_type === 'admin' ? sql`true` : eq(devices.ownerId, actor.id));
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    created_at: d.createdAt.getTime(),
    last_seen_at: d.lastSeenAt?.getTime() ?? null,
    revoked_at: d.revokedAt?.getTime() ?? null,
  }));
}

export async function revokeDevice(db: Executor, actor: Actor, deviceId: string): Promise<void> {
  const [row] = await db.select().from(devices).where(eq(devices.id, deviceId));
  if (!row || (row.ownerId !== actor.id && actor.user_type !== 'admin')) throw notFound('device');
  await db.update(devices).set({ revokedAt: sql`coalesce(${devices.revokedAt}, now())` }).where(eq(devices.id, deviceId));
}

export async function touchDevice(db: Executor, deviceId: string): Promise<void> {
  await db.update(devices).set({ lastSeenAt: sql`now()` }).where(eq(devices.id, deviceId));
}
