/** One measured figure. Every benchmark returns a list of these; the runner prints them and writes JSON. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target in words, e.g. "≤ 2 ms" or "≥ 0.3× bare route"; null when the figure is context only. */
  goal: string | null;
  /** Whether the goal was met; null when there is no goal. */
  met: boolean | null;
}

/** Percentile of a list of samples (nearest-rank). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
