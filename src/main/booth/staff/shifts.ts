import type Database from 'better-sqlite3';
import type { Shift } from '../../../shared/contract';
import { BoothPaymentMethod } from '../../../shared/domain';
import { newId } from '../core/ids';

interface ShiftRow {
  id: string;
  staff_id: string;
  opened_at: number;
  closed_at: number | null;
  float_cents: number;
  entries: number;
  exits: number;
  counted_cash_cents: number | null;
  cash_difference_cents: number | null;
}

/** Expected cash in the drawer: the float plus cash taken (change handed back is not kept). */
export function expectedCash(floatCents: number, takings: Record<BoothPaymentMethod, number>): number {
  return floatCents + takings.cash;
}

/** Shift rows and their takings per payment method. Callers run the writes inside core.tx. */
export class ShiftStore {
  private readonly byId: Database.Statement;
  private readonly openOf: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly takings: Database.Statement;
  private readonly close: Database.Statement;
  private readonly entry: Database.Statement;
  private readonly exit: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly boothId: string,
  ) {
    this.byId = sqlite.prepare('SELECT * FROM shifts WHERE id = ?');
    this.openOf = sqlite.prepare('SELECT * FROM shifts WHERE staff_id = ? AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1');
    this.insert = sqlite.prepare('INSERT INTO shifts (id, staff_id, booth_id, opened_at, float_cents) VALUES (?, ?, ?, ?, ?)');
    this.takings = sqlite.prepare('SELECT method, sum(amount_cents) AS cents FROM booth_payments WHERE shift_id = ? GROUP BY method');
    this.close = sqlite.prepare(
      'UPDATE shifts SET closed_at = ?, counted_cash_cents = ?, cash_difference_cents = ? WHERE id = ? AND closed_at IS NULL',
    );
    this.entry = sqlite.prepare('UPDATE shifts SET entries = entries + 1 WHERE id = ?');
    this.exit = sqlite.prepare('UPDATE shifts SET exits = exits + 1 WHERE id = ?');
  }

  /** The staff member's open shift, or a new one with the given float. */
  openOrResume(staffId: string, floatCents: number, now: number): { shift: Shift; opened: boolean } {
    const open = this.openOf.get(staffId) as ShiftRow | undefined;
    if (open) return { shift: this.view(open), opened: false };
    const id = newId();
    this.insert.run(id, staffId, this.boothId, now, floatCents);
    return { shift: this.get(id), opened: true };
  }

  get(id: string): Shift {
    const row = this.byId.get(id) as ShiftRow | undefined;
    if (!row) throw new Error(`shift ${id} vanished`);
    return this.view(row);
  }

  closeShift(id: string, countedCashCents: number | null, now: number): Shift {
    const shift = this.get(id);
    const difference = countedCashCents === null ? null : countedCashCents - expectedCash(shift.float_cents, shift.takings);
    this.close.run(now, countedCashCents, difference, id);
    return this.get(id);
  }

  countEntry(id: string | null): void {
    if (id) this.entry.run(id);
  }

  countExit(id: string | null): void {
    if (id) this.exit.run(id);
  }

  private view(row: ShiftRow): Shift {
    const takings = Object.fromEntries(BoothPaymentMethod.options.map((m) => [m, 0])) as Record<BoothPaymentMethod, number>;
    for (const t of this.takings.all(row.id) as { method: BoothPaymentMethod; cents: number }[]) takings[t.method] = t.cents;
    return {
      id: row.id,
      staff_id: row.staff_id,
      opened_at: row.opened_at,
      closed_at: row.closed_at,
      float_cents: row.float_cents,
      takings,
      entries: row.entries,
      exits: row.exits,
      counted_cash_cents: row.counted_cash_cents,
      cash_difference_cents: row.cash_difference_cents,
    };
  }
}
