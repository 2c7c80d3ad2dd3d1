import type Database from 'better-sqlite3';
import { quoteStay, type Tariff } from '../../../shared/fees';
import { PassSigner } from '../../../shared/pass';
import type { Logger } from '../core/core';
import { newId } from '../core/ids';
import { insertBooking } from '../bookings/rows';
import type { PassKeys } from '../keys/pass-keys';
import { hashPinSync } from '../staff/pin-hash';
import { DEMO, type DemoPass } from './constants';

const MINUTE = 60_000;

/**
 * Seeds the demo lot, its bays, staff and bookings once, in one transaction, on an empty database. The
 * bookings' passes are signed by a throwaway "server" key that the booth trusts, exactly as enrolled booths
 * trust the API's key; the private half is not kept.
 */
export function seedDemo(sqlite: Database.Database, keys: PassKeys, now: number, logger: Logger): boolean {
  const empty = (sqlite.prepare('SELECT count(*) AS n FROM lots').get() as { n: number }).n === 0;
  if (!empty) return false;
  const server = PassSigner.generate();
  const tariff: Tariff = { ...DEMO.tariff };
  const hashes = Object.values(DEMO.staff).map((s) => hashPinSync(s.pin));
  sqlite.transaction(() => {
    keys.trust(server.publicKey, 'demo');
    sqlite
      .prepare(
        `INSERT INTO lots (id, name, address, time_zone, total_bays, price_cents, price_type, increment_minutes, grace_minutes,
          daily_cap_cents, entry_grace_minutes, exit_grace_minutes, no_show_minutes, lost_pass_fee_cents, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 15, 15, 0, ?, ?, ?)`,
      )
      .run(DEMO.lotId, DEMO.lotName, DEMO.address, DEMO.timeZone, DEMO.bays, tariff.price_cents, tariff.price_type,
        tariff.increment_minutes, tariff.grace_minutes, tariff.daily_cap_cents, tariff.daily_cap_cents, now, now);
    const bayIds = new Map<number, string>();
    const insertBay = sqlite.prepare("INSERT INTO bays (id, lot_id, number, status, changed_at) VALUES (?, ?, ?, 'available', ?)");
    for (let n = 1; n <= DEMO.bays; n++) {
      const id = newId();
      bayIds.set(n, id);
      insertBay.run(id, DEMO.lotId, n, now);
    }
    const insertStaff = sqlite.prepare('INSERT INTO staff (id, name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    Object.values(DEMO.staff).forEach((s, i) => insertStaff.run(s.id, s.name, s.role, hashes[i], now));
    for (const b of DEMO.bookings) {
      const id = newId();
      const start = now + b.from * MINUTE;
      const end = now + b.until * MINUTE;
      const pass = server.sign({ booking_id: id, lot_id: DEMO.lotId, valid_from: start, valid_until: end, plate: b.plate });
      const inside = b.note === 'already inside';
      const bayId = b.bay === null ? null : (bayIds.get(b.bay) ?? null);
      insertBooking(sqlite, {
        id, lot_id: DEMO.lotId, source: 'prebooked', status: inside ? 'active' : b.note === 'cancelled' ? 'cancelled' : 'pending',
        start_time: start, end_time: end, vehicle_number: b.plate, plate_key: b.plate, vehicle_model: b.model, remarks: `demo: ${b.note}`,
        pin: b.pin, qr_code: pass, total_cost_cents: quoteStay(tariff, end - start).amount_cents, payment_status: 'paid',
        bay_id: bayId, bay_number: b.bay, check_in_time: inside ? now - 110 * MINUTE : null, created_at: now,
      });
      if (inside && bayId) sqlite.prepare("UPDATE bays SET status = 'occupied', booking_id = ? WHERE id = ?").run(id, bayId);
    }
  })();
  const { manager, attendant } = DEMO.staff;
  // Printed once, at seeding: these demo PINs are also in the README.
  logger.info(
    { lot: DEMO.lotName, manager: `${manager.name} PIN ${manager.pin}`, attendant: `${attendant.name} PIN ${attendant.pin}` },
    'demo booth seeded',
  );
  for (const p of demoPasses(sqlite)) logger.info({ plate: p.plate, pin: p.pin, pass: p.pass }, `demo booking (${p.note})`);
  return true;
}

/** The demo bookings with their PINs and passes (for the log, the README and end-to-end tests). */
export function demoPasses(sqlite: Database.Database): DemoPass[] {
  const rows = sqlite
    .prepare("SELECT id, vehicle_number, pin, qr_code FROM bookings WHERE lot_id = ? AND source = 'prebooked' AND remarks LIKE 'demo:%'")
    .all(DEMO.lotId) as { id: string; vehicle_number: string; pin: string; qr_code: string }[];
  return rows.map((r) => ({
    booking_id: r.id,
    plate: r.vehicle_number,
    pin: r.pin,
    pass: r.qr_code,
    note: DEMO.bookings.find((b) => b.plate === r.vehicle_number)?.note ?? '',
  }));
}
