import type Database from 'better-sqlite3';
import { BoothError } from '../../../shared/contract/errors';
import type { Lot } from '../../../shared/contract';

interface LotRow {
  id: string;
  name: string;
  address: string | null;
  time_zone: string;
  total_bays: number;
  price_cents: number;
  price_type: 'hour' | 'day' | 'month';
  increment_minutes: number;
  grace_minutes: number;
  daily_cap_cents: number | null;
  entry_grace_minutes: number;
  exit_grace_minutes: number;
  no_show_minutes: number;
  lost_pass_fee_cents: number;
}

function toLot(r: LotRow): Lot {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    time_zone: r.time_zone,
    total_bays: r.total_bays,
    tariff: {
      price_cents: r.price_cents,
      price_type: r.price_type,
      increment_minutes: r.increment_minutes,
      grace_minutes: r.grace_minutes,
      daily_cap_cents: r.daily_cap_cents,
    },
    entry_grace_minutes: r.entry_grace_minutes,
    exit_grace_minutes: r.exit_grace_minutes,
    no_show_minutes: r.no_show_minutes,
    lost_pass_fee_cents: r.lost_pass_fee_cents,
  };
}

/**
 * Lot settings are read on every gate decision but change rarely (bay count, a sync pull), so they are cached
 * and whoever changes a lot row calls `invalidate`.
 */
export class LotCache {
  private readonly cache = new Map<string, Lot>();
  private readonly byId: Database.Statement;
  private readonly all: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.byId = sqlite.prepare('SELECT * FROM lots WHERE id = ?');
    this.all = sqlite.prepare('SELECT * FROM lots ORDER BY name, id');
  }

  find(id: string): Lot | null {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const row = this.byId.get(id) as LotRow | undefined;
    if (!row) return null;
    const lot = toLot(row);
    this.cache.set(id, lot);
    return lot;
  }

  get(id: string): Lot {
    const lot = this.find(id);
    if (!lot) throw new BoothError('not_found', `This booth does not serve lot ${id}`, { lot_id: 'unknown lot' });
    return lot;
  }

  list(): Lot[] {
    return (this.all.all() as LotRow[]).map(toLot);
  }

  invalidate(id?: string): void {
    if (id) this.cache.delete(id);
    else this.cache.clear();
  }
}
