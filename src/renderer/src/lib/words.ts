// Plain words for the big screen. The booth core's message carries the detail ("entry from 08:45").
import type { DenyReason } from '../../../shared/domain';

export const denyTitle: Record<DenyReason, string> = {
  unknown: 'Unknown pass or PIN',
  forged: 'Forged or altered pass',
  malformed: 'Not a pass or a PIN',
  wrong_lot: 'Pass is for another lot',
  too_early: 'Too early',
  expired: 'Booking expired',
  cancelled: 'Booking cancelled',
  completed: 'Booking already used',
  already_inside: 'Already inside',
  pin_locked: 'PIN entry locked',
  lot_full: 'Lot full',
};

export function formatTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone }).format(ms);
}

export function formatDateTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(ms);
}

/** "08:00 – 18:00", or with dates when the window spans days. */
export function formatWindow(start: number, end: number | null, timeZone: string): string {
  if (end === null) return `from ${formatDateTime(start, timeZone)}`;
  const sameDay = new Intl.DateTimeFormat('en-CA', { timeZone }).format(start) === new Intl.DateTimeFormat('en-CA', { timeZone }).format(end);
  return sameDay
    ? `${formatDateTime(start, timeZone)} – ${formatTime(end, timeZone)}`
    : `${formatDateTime(start, timeZone)} – ${formatDateTime(end, timeZone)}`;
}

/** "2 h 05 min" */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h >= 24) return `${Math.floor(h / 24)} d ${h % 24} h`;
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
}

/** Integer cents to "12.50" — display only; money stays in cents everywhere else. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
