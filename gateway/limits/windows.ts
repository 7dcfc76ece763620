/**
 * Fixed counting windows: minutes and hours aligned to the Unix epoch, days and months on the UTC
 * calendar. A window has an index (part of every counter key, so a new window is a new counter) and an
 * end (when the counter stops counting and expires). Times are epoch milliseconds from the limiter's clock.
 */

export type WindowKind = 'minute' | 'hour' | 'day' | 'month';

export interface Window {
  /** Identifies the window among those of its kind; consecutive windows have consecutive indexes. */
  index: number;
  start: number;
  /** Exclusive: the first millisecond of the next window. */
  end: number;
}

const FIXED_MS: Record<Exclude<WindowKind, 'month'>, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The window of `kind` containing the instant `now`. Epoch ms have no leap seconds, so a UTC day is fixed. */
export function windowAt(kind: WindowKind, now: number): Window {
  if (kind === 'month') {
    const date = new Date(now);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    return { index: year * 12 + month, start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  }
  const size = FIXED_MS[kind];
  const index = Math.floor(now / size);
  return { index, start: index * size, end: (index + 1) * size };
}
