/**
 * Applies a pushed batch one command at a time, each in its own transaction that first inserts the command id
 * into applied_commands: if the id is there already the command was done before (answer "duplicate", change
 * nothing); otherwise the change and the id commit together, so a crash anywhere means "not done" and the
 * booth's retry applies it exactly once.
 */
import { sql } from 'drizzle-orm';
import type { Command, CommandResult } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { applyCheckIn, applyRelease, applyWalkin } from './apply-booking';
import { applyBayBlock, applyBayCount, applyEvent, applyResolve, type LotOrigin } from './apply-lot';
import { type Outcome, reject, Rejection } from './outcome';

/** PostgreSQL errors that mean "this command's data cannot be stored", not "try again later". */
const DATA_ERRORS = /^(22|23)/;

function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

async function dispatch(tx: Executor, origin: LotOrigin, c: Command): Promise<Outcome> {
  switch (c.type) {
    case 'booking.check_in':
      return applyCheckIn(tx, origin, c);
    case 'booking.walkin':
      return applyWalkin(tx, origin, c);
    case 'booking.release':
      return applyRelease(tx, origin, c);
    case 'bay.block':
    case 'bay.unblock':
      return applyBayBlock(tx, c);
    case 'lot.set_bay_count':
      return applyBayCount(tx, origin, c);
    case 'conflict.resolve':
      return applyResolve(tx, c);
    case 'booth.event':
      return applyEvent(tx, origin, c);
  }
}

export interface PushDevice {
  id: string;
  ownerId: string;
  lotIds: string[];
}

export async function pushOne(db: Executor, device: PushDevice, c: Command): Promise<CommandResult> {
  return db.transaction(async (tx) => {
    const claimed = await tx.execute(sql`
      INSERT INTO applied_commands (id, device_id, lot_id, type, status) VALUES (${c.id}, ${device.id}, ${c.lot_id}, ${c.type}, 'applied')
      ON CONFLICT (id) DO NOTHING RETURNING id`);
    if (claimed.rows.length === 0) return { id: c.id, status: 'duplicate', reason: null, canonical: null };
    let outcome: Outcome;
    try {
      // A savepoint: a refused command leaves nothing behind but its rejected record.
      outcome = await tx.transaction(async (sp) => {
        if (c.lot_id !== null && !device.lotIds.includes(c.lot_id)) throw reject('not_your_lot', 'this booth does not serve that lot');
        return dispatch(sp, { deviceId: device.id, ownerId: device.ownerId }, c);
      });
    } catch (err) {
      const code = pgCode(err);
      if (!(err instanceof Rejection) && !(code && DATA_ERRORS.test(code))) throw err;
      outcome = { status: 'rejected', reason: err instanceof Rejection ? err.code : `invalid_data_${code}`, canonical: null };
    }
    if (outcome.status !== 'applied') {
      await tx.execute(sql`UPDATE applied_commands SET status = ${outcome.status}, reason = ${outcome.reason} WHERE id = ${c.id}`);
    }
    return { id: c.id, ...outcome };
  });
}

export async function pushBatch(db: Executor, device: PushDevice, commands: readonly Command[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const c of commands) results.push(await pushOne(db, device, c));
  return results;
}
