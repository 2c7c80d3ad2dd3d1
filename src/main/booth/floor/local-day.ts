const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at instant `at`, in ms (positive east of Greenwich). */
function offsetAt(at: number, timeZone: string): number {
  let f = partsFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    partsFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - (at - (at % 1000 + 1000) % 1000);
}

/**
 * The instant the local day containing `now` began in `timeZone` ("today" for arrivals and revenue), DST-safe:
 * the offset is taken again at the candidate midnight, which may differ from the offset at `now`.
 */
export function startOfLocalDay(now: number, timeZone: string): number {
  const local = now + offsetAt(now, timeZone);
  const midnightLocal = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  const guess = midnightLocal - offsetAt(now, timeZone);
  return midnightLocal - offsetAt(guess, timeZone);
}
