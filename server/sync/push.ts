/**
 * Applies pushed commands. Each first inserts its id into applied_commands: if the id is there already the
 * command was done before (answer "duplicate", change nothing); otherwise the change and the id commit together,
 * so a crash anywhere means "not done" and the booth's retry applies it exactly once.
 *
 * Commands go in chunks, one transaction (one WAL flush) per chunk. Refusals are raised before a command writes
 * anything, so the fast path needs no savepoint per command; if a chunk still hits a data error, it is rolled back
 * whole and redone with a savepoint around every command, which isolates the bad one.
 */
import { sql } from 'drizzle-orm';
import type { Command, CommandResult } from '../../src/shared/sync/protocol';
import type { Executor } from '../db';
import { findBooking } from '../bookings/repository';
import { applyCheckIn, applyRelease, applyWalkin, canonical } from './apply-booking';
import { applyBayBlock, applyBayCount, applyEvent, applyResolve } from './apply-lot';
import { ApplyContext } from './context';
import { type Outcome, reject, Rejection } from './outcome';

/** Commands applied per PostgreSQL transaction: short enough not to hold a lot's lock for long. */
export const COMMANDS_PER_TRANSACTION = 100;

/** PostgreSQL errors that mean "this command's data cannot be stored", not "try again later". */
const DATA_ERRORS = /^(22|23)/;

function pgCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
const isDataError = (err: unknown): boolean => DATA_ERRORS.test(pgCode(err) ?? '');

async function dispatch(ctx: ApplyContext, c: Command): Promise<Outcome> {
  switch (c.type) {
    case 'booking.check_in':
      return applyCheckIn(ctx, c);
    case 'booking.walkin':
      return applyWalkin(ctx, c);
    case 'booking.release':
      return applyRelease(ctx, c);
    case 'bay.block':
    case 'bay.unblock':
      return applyBayBlock(ctx, c);
    case 'lot.set_bay_count':
      return applyBayCount(ctx, c);
    case 'conflict.resolve':
      return applyResolve(ctx, c);
    case 'booth.event':
      return applyEvent(ctx, c);
  }
}

export interface PushDevice {
  id: string;
  ownerId: string;
  lotIds: string[];
}

/**
 * A command already applied (a push whose answer was lost, sent again): the answer it got then. Applied is
 * 'duplicate'; a rejection or conflict is repeated, with the booking as it is now, so the booth records it
 * (its audit log, the manager's view) instead of taking the retry as done.
 */
async function answeredBefore(ctx: ApplyContext, device: PushDevice, c: Command): Promise<CommandResult> {
  const first = await ctx.tx.execute<{ device_id: string; status: string; reason: string | null }>(
    sql`SELECT device_id, status, reason FROM applied_commands WHERE id = ${c.id}`,
  );
  const row = first.rows[0];
  if (!row || row.device_id !== device.id || (row.status !== 'rejected' && row.status !== 'conflict')) {
    return { id: c.id, status: 'duplicate', reason: null, canonical: null };
  }
  if (row.status === 'rejected') return { id: c.id, status: 'rejected', reason: row.reason, canonical: null };
  const bookingId = 'booking_id' in c ? c.booking_id : null;
  const booking = bookingId ? await findBooking(ctx.tx, bookingId) : null;
  return { id: c.id, status: 'conflict', reason: row.reason, canonical: booking ? await canonical(ctx, booking) : null };
}

async function applyOne(ctx: ApplyContext, device: PushDevice, c: Command, savepoint: boolean): Promise<CommandResult> {
  const claimed = await ctx.tx.execute(sql`
    INSERT INTO applied_commands (id, device_id, lot_id, type, status) VALUES (${c.id}, ${device.id}, ${c.lot_id}, ${c.type}, 'applied')
    ON CONFLICT (id) DO NOTHING RETURNING id`);
  if (claimed.rows.length === 0) return answeredBefore(ctx, device, c);
  const ownSavepoint = savepoint || c.type === 'lot.set_bay_count';
  if (c.type === 'lot.set_bay_count') await ctx.flushFeed();
  const mark = ctx.mark();
  let outcome: Outcome;
  try {
    if (c.lot_id !== null && !device.lotIds.includes(c.lot_id)) throw reject('not_your_lot', 'this booth does not serve that lot');
    outcome =
      ownSavepoint
        ? await ctx.tx.transaction(async (sp) => dispatch(new Proxy(ctx, { get: (t, k) => (k === 'tx' ? sp : Reflect.get(t, k)) }), c))
        : await dispatch(ctx, c);
  } catch (err) {
    if (!(err instanceof Rejection) && !(ownSavepoint && isDataError(err))) throw err;
    ctx.rollbackTo(mark);
    outcome = { status: 'rejected', reason: err instanceof Rejection ? err.code : `invalid_data_${pgCode(err)}`, canonical: null };
  }
  if (outcome.status !== 'applied') {
    await ctx.tx.execute(sql`UPDATE applied_commands SET status = ${outcome.status}, reason = ${outcome.reason} WHERE id = ${c.id}`);
  }
  return { id: c.id, ...outcome };
}

async function applyChunk(db: Executor, device: PushDevice, chunk: readonly Command[], savepoints: boolean): Promise<CommandResult[]> {
  return db.transaction(async (tx) => {
    const ctx = new ApplyContext(db, tx, device.id, device.ownerId);
    const out: CommandResult[] = [];
    for (const c of chunk) out.push(await applyOne(ctx, device, c, savepoints));
    await ctx.finish();
    return out;
  });
}

export async function pushBatch(db: Executor, device: PushDevice, commands: readonly Command[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (let i = 0; i < commands.length; i += COMMANDS_PER_TRANSACTION) {
    const chunk = commands.slice(i, i + COMMANDS_PER_TRANSACTION);
    try {
      results.push(...(await applyChunk(db, device, chunk, false)));
    } catch (err) {
      if (!isDataError(err)) throw err;
      results.push(...(await applyChunk(db, device, chunk, true)));
    }
  }
  return results;
}
