// "Your parking starts soon": once per booking, for pending bookings starting within the lead time, to users
// whose settings allow reminders. Safe to run from several API processes at once (notifications are deduplicated).
import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import type { Notifier } from './notifier';

interface Due {
  id: string;
  user_id: string;
  lot_name: string;
  time_zone: string;
  start_time: Date | string;
  end_time: Date | string;
}

export async function sendReminders(db: Executor, notifier: Notifier, leadMinutes = 60): Promise<number> {
  const r = await db.execute(sql`
    SELECT b.id, b.user_id, s.name AS lot_name, s.time_zone, b.start_time, b.end_time
    FROM bookings b JOIN parking_spots s ON s.id = b.spot_id
    WHERE b.status = 'pending' AND b.start_time > now() AND b.start_time <= now() + make_interval(mins => ${leadMinutes}::int)
      AND NOT EXISTS (SELECT 1 FROM notification_dedupe d WHERE d.user_id = b.user_id AND d.dedupe_key = 'booking_reminder:' || b.id::text)
    ORDER BY b.start_time LIMIT 500`);
  let sent = 0;
  for (const d of r.rows as unknown as Due[]) {
    const written = await notifier.notify(db, d.user_id, {
      kind: 'booking_reminder',
      booking: { id: d.id, lot_name: d.lot_name, time_zone: d.time_zone, start_time: new Date(d.start_time), end_time: new Date(d.end_time) },
    });
    if (written) sent++;
  }
  return sent;
}
