// One run for a burst of calls. A committed mutation sends several change events (its audit row, its bay, a gate
// decision); reads that only follow the booth along (status bar, conflict badge) need one answer per burst, and
// should not compete with the floor grid's tile for the page and the booth in the moment after a change.

/** `fn` runs once, `ms` after the first call of a burst; `cancel` drops a pending run. */
export function batched(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return run;
}

/** How long the status bar and the badges wait after a change before re-reading: unnoticeable, one read per burst. */
export const CHANGE_BURST_MS = 100;
