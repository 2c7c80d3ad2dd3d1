// What each notification says. Pure: the event in, title/message/e-mail out, with times shown in the
// lot's own time zone and money from integer cents.
export interface BookingFacts {
  id: string;
  lot_name: string;
  time_zone: string;
  start_time: Date;
  end_time: Date;
  pin?: string;
  total_cents?: number;
}

export type NotificationEvent =
  | { kind: 'booking_confirmed'; booking: BookingFacts }
  | { kind: 'booking_extended'; booking: BookingFacts }
  | { kind: 'booking_reminder'; booking: BookingFacts }
  | { kind: 'checked_in'; booking: BookingFacts }
  | { kind: 'checked_out'; booking: BookingFacts; cost_cents: number }
  | { kind: 'booking_cancelled'; booking: BookingFacts; refund_cents: number }
  | { kind: 'refund_issued'; booking: BookingFacts; amount_cents: number; ref: string }
  | { kind: 'payment_received'; booking: BookingFacts; amount_cents: number }
  | { kind: 'payment_failed'; booking: BookingFacts; reason: string; ref: string }
  | { kind: 'review_received'; review: { id: string; lot_id: string; lot_name: string; rating: number } };

/** The user_settings switch that silences a kind (null: always delivered in the app). */
export type SettingSwitch = 'booking_reminders' | 'system_updates' | 'promotions' | null;

export interface RenderedNotification {
  title: string;
  message: string;
  type: 'booking' | 'payment' | 'system' | 'promotion';
  action_url: string;
  /** Same key → same notification: a retried webhook or reminder run writes it once. */
  dedupe_key: string;
  setting: SettingSwitch;
  /** Present for the kinds that are also e-mailed. */
  email?: { subject: string; text: string };
}

export function formatCents(cents: number, currency = 'USD'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${currency === 'USD' ? '$' : `${currency} `}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Formatters by time zone: making one costs far more than using it (it showed in booking profiles). */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatWhen(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    // Time zones are a small set (IANA names, validated on the lot); the bound is only a safety net.
    if (formatters.size < 1000) formatters.set(timeZone, f);
  }
  return f.format(at);
}

export function render(event: NotificationEvent): RenderedNotification {
  if (event.kind === 'review_received') {
    const r = event.review;
    return {
      title: `New ${r.rating}-star review`,
      message: `${r.lot_name} received a ${r.rating}-star review.`,
      type: 'system',
      action_url: `/spots/${r.lot_id}/reviews`,
      dedupe_key: `review_received:${r.id}`,
      setting: 'system_updates',
    };
  }
  const b = event.booking;
  const window = `${formatWhen(b.start_time, b.time_zone)} – ${formatWhen(b.end_time, b.time_zone)}`;
  const base = { action_url: `/bookings/${b.id}` };
  switch (event.kind) {
    case 'booking_confirmed': {
      const lines = [`Your booking at ${b.lot_name} is confirmed for ${window}.`];
      if (b.pin) lines.push(`Your gate PIN is ${b.pin}; your QR pass is in the app.`);
      if (b.total_cents !== undefined) lines.push(`Price: ${formatCents(b.total_cents)}.`);
      const message = lines.join(' ');
      return {
        ...base,
        title: 'Booking confirmed',
        message,
        type: 'booking',
        dedupe_key: `booking_confirmed:${b.id}`,
        setting: null,
        email: { subject: `ParkPass booking confirmed: ${b.lot_name}`, text: `${lines.join('\n')}\n\nBooking reference: ${b.id}\n` },
      };
    }
    case 'booking_extended': {
      // Also e-mailed: an admin may extend it, and the PIN changes when the new time collides with another's.
      const lines = [`Your booking at ${b.lot_name} now runs ${window}.`];
      if (b.pin) lines.push(`Your gate PIN is ${b.pin}; your QR pass in the app is updated.`);
      if (b.total_cents !== undefined) lines.push(`Price: ${formatCents(b.total_cents)}.`);
      return {
        ...base,
        title: 'Booking extended',
        message: lines.join(' '),
        type: 'booking',
        dedupe_key: `booking_extended:${b.id}:${b.end_time.getTime()}`,
        setting: null,
        email: { subject: `ParkPass booking extended: ${b.lot_name}`, text: `${lines.join('\n')}\n\nBooking reference: ${b.id}\n` },
      };
    }
    case 'booking_reminder':
      return {
        ...base,
        title: 'Your parking starts soon',
        message: `Your booking at ${b.lot_name} starts ${formatWhen(b.start_time, b.time_zone)}.`,
        type: 'booking',
        dedupe_key: `booking_reminder:${b.id}`,
        setting: 'booking_reminders',
      };
    case 'checked_in':
      return { ...base, title: 'Checked in', message: `You entered ${b.lot_name}.`, type: 'booking', dedupe_key: `checked_in:${b.id}`, setting: null };
    case 'checked_out':
      return {
        ...base,
        title: 'Checked out',
        message: `You left ${b.lot_name}. Total for the stay: ${formatCents(event.cost_cents)}.`,
        type: 'booking',
        dedupe_key: `checked_out:${b.id}`,
        setting: null,
      };
    case 'booking_cancelled':
      return {
        ...base,
        title: 'Booking cancelled',
        message:
          event.refund_cents > 0
            ? `Your booking at ${b.lot_name} (${window}) is cancelled. Refund: ${formatCents(event.refund_cents)}.`
            : `Your booking at ${b.lot_name} (${window}) is cancelled.`,
        type: 'booking',
        dedupe_key: `booking_cancelled:${b.id}`,
        setting: null,
      };
    case 'refund_issued':
      return {
        ...base,
        title: 'Refund issued',
        message: `${formatCents(event.amount_cents)} was refunded for your booking at ${b.lot_name}.`,
        type: 'payment',
        dedupe_key: `refund_issued:${b.id}:${event.ref}`,
        setting: null,
      };
    case 'payment_received':
      return {
        ...base,
        title: 'Payment received',
        message: `We received ${formatCents(event.amount_cents)} for your booking at ${b.lot_name}.`,
        type: 'payment',
        dedupe_key: `payment_received:${b.id}`,
        setting: null,
      };
    case 'payment_failed':
      return {
        ...base,
        title: 'Payment failed',
        message: `Your payment for ${b.lot_name} did not go through: ${event.reason}`,
        type: 'payment',
        dedupe_key: `payment_failed:${b.id}:${event.ref}`,
        setting: null,
      };
  }
}
