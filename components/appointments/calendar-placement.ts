import type { GridColumn } from "@/lib/appointments/calendar-grid";

// Placement on the calendar grid, by row index: each column lists the instant
// its rows begin (computed on the server in the location's time zone), so
// moving, resizing and snapping never need time-zone arithmetic here.

export const STEP_MS = 15 * 60_000;

export interface Placement {
  column: string;
  startMs: number;
  endMs: number;
}

/** Fractional row index of an instant in a column: 2.5 is halfway through the third row. */
export function rowPosition(rows: ReadonlyArray<number | null>, at: number): number {
  let best = -1;
  rows.forEach((row, i) => {
    if (row !== null && row <= at) best = i;
  });
  if (best < 0) return 0;
  return best + Math.min(1, (at - rows[best]!) / STEP_MS);
}

/** The first row at or after index i (or before it, looking back) whose local time exists. */
function existingRow(rows: ReadonlyArray<number | null>, i: number, direction: 1 | -1): number | null {
  for (let j = i; j >= 0 && j < rows.length; j += direction) if (rows[j] !== null) return rows[j]!;
  return null;
}

/** One row later or earlier, snapped to the grid: 09:10 goes to 09:15 (down) or 09:00 (up). */
export function stepStart(column: GridColumn, startMs: number, direction: 1 | -1): number {
  const position = rowPosition(column.rows, startMs);
  const row = Math.floor(position);
  const aligned = position === row && column.rows[row] === startMs;
  const target = direction === 1 ? row + 1 : aligned ? row - 1 : row;
  if (target >= column.rows.length) return startMs + STEP_MS;
  if (target < 0) return startMs - STEP_MS;
  return existingRow(column.rows, target, direction) ?? startMs;
}

/** The same row in another column (another bay keeps the time; another day keeps the local time). */
export function translate(startMs: number, from: GridColumn, to: GridColumn): number {
  if (from.key === to.key) return startMs;
  const row = Math.floor(rowPosition(from.rows, startMs));
  const offset = from.rows[row] !== null && from.rows[row] !== undefined ? startMs - from.rows[row]! : 0;
  const target = existingRow(to.rows, row, 1);
  return target === null ? startMs : target + offset;
}

/** A drag of `rows` rows from where it began, snapped to the nearest row. */
export function dragStart(column: GridColumn, originMs: number, rows: number): number {
  const shifted = originMs + rows * STEP_MS;
  const nearest = Math.round(rowPosition(column.rows, shifted));
  return existingRow(column.rows, Math.min(nearest, column.rows.length - 1), 1) ?? shifted;
}

/** The end moved by whole rows, never shorter than one row. */
export function stepEnd(placement: Placement, rows: number): number {
  const snapped = Math.round((placement.endMs - placement.startMs) / STEP_MS) * STEP_MS + placement.startMs;
  return Math.max(placement.startMs + STEP_MS, snapped + rows * STEP_MS);
}

/** Side-by-side lanes for bookings that overlap in one column (no bay, or a day in the week view). */
export function lanes<T extends Placement & { id: string }>(items: readonly T[]): Map<string, { lane: number; lanes: number }> {
  const result = new Map<string, { lane: number; lanes: number }>();
  const byColumn = new Map<string, T[]>();
  for (const item of items) byColumn.set(item.column, [...(byColumn.get(item.column) ?? []), item]);
  for (const list of byColumn.values()) {
    const sorted = [...list].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    const ends: number[] = [];
    const assigned = sorted.map((item) => {
      let lane = ends.findIndex((end) => end <= item.startMs);
      if (lane < 0) lane = ends.length;
      ends[lane] = item.endMs;
      return { id: item.id, lane };
    });
    for (const { id, lane } of assigned) result.set(id, { lane, lanes: ends.length });
  }
  return result;
}
