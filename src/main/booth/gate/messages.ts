import type { DenyReason } from '../../../shared/domain';
import type { Verdict } from './decide';

const timeFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function format(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, opts: Intl.DateTimeFormatOptions) {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...opts });
    cache.set(timeZone, f);
  }
  return f;
}

/** "08:45" on the same local day as `now`, else "28 Nov 08:45", in the lot's time zone. */
export function formatLocalTime(at: number, timeZone: string, now: number): string {
  const time = format(timeFormats, timeZone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  const day = format(dayFormats, timeZone, { day: 'numeric', month: 'short' });
  return day.format(at) === day.format(now) ? time : `${day.format(at)} ${time}`;
}

const PLAIN: Record<DenyReason, string> = {
  unknown: 'Unknown pass or PIN',
  forged: 'Forged or altered pass',
  malformed: 'Not a pass or a 4-digit PIN',
  wrong_lot: 'This pass is for another lot',
  too_early: 'Too early',
  expired: 'Expired',
  cancelled: 'This booking was cancelled',
  completed: 'This booking was already used',
  already_inside: 'Already inside',
  pin_locked: 'PIN entry locked after too many wrong PINs',
  lot_full: 'Lot full',
};

/** The words on the big screen: what happened and, when it helps the driver, when. */
export function decisionMessage(v: Verdict, timeZone: string, now: number, bayNumber: number | null): string {
  if (v.decision === 'ADMIT') return bayNumber === null ? 'Welcome: park in any free bay' : `Welcome: bay ${bayNumber}`;
  const base = PLAIN[v.reason];
  if (v.at === null) return base;
  const when = formatLocalTime(v.at, timeZone, now);
  switch (v.reason) {
    case 'too_early':
      return `${base}: entry from ${when}`;
    case 'expired':
      return v.no_show ? `${base}: not checked in by ${when}` : `${base}: the booking ended at ${when}`;
    case 'already_inside':
      return `${base} since ${when}`;
    case 'completed':
      return `${base} (left at ${when})`;
    case 'pin_locked':
      return `${base}: try again after ${when}`;
    default:
      return base;
  }
}
