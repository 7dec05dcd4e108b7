// The webview's list state, kept free of the DOM so it can be tested in Node:
// rows by key in arrival order, the current filter, and which rows are visible
// in a scrolled viewport.
import type { PairRow } from './protocol';

export interface RowFilter {
  failingOnly: boolean;
  /** '' = every method. */
  method: string;
  /** Case-insensitive substring of the path (or full URL). */
  text: string;
}

export const EMPTY_FILTER: RowFilter = { failingOnly: false, method: '', text: '' };

export function isFailing(row: PairRow): boolean {
  return row.verdict === 'fail' || row.verdict === 'error';
}

export function matchesFilter(row: PairRow, filter: RowFilter): boolean {
  if (filter.failingOnly && !isFailing(row)) return false;
  if (filter.method && row.method !== filter.method) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    if (!row.url.toLowerCase().includes(needle)) return false;
  }
  return true;
}

export class RowStore {
  private rows: PairRow[] = [];
  private readonly index = new Map<string, number>();
  private filtered: PairRow[] | null = null;
  private filter: RowFilter = EMPTY_FILTER;

  reset(rows: PairRow[]): void {
    this.rows = [...rows].sort((a, b) => a.seq - b.seq);
    this.reindex();
  }

  /** Upserts rows (keeping order by seq) and drops removed keys. Returns keys that were new. */
  apply(rows: PairRow[], removed: string[] = []): string[] {
    const added: string[] = [];
    let reorder = removed.length > 0;
    for (const key of removed) {
      const i = this.index.get(key);
      if (i !== undefined) this.rows[i] = null as unknown as PairRow;
    }
    if (reorder) {
      this.rows = this.rows.filter((r) => r !== null);
      this.reindex();
    }
    reorder = false;
    const last = this.rows.length ? this.rows[this.rows.length - 1].seq : -1;
    for (const row of rows) {
      const i = this.index.get(row.key);
      if (i !== undefined) {
        this.rows[i] = row;
      } else {
        added.push(row.key);
        this.index.set(row.key, this.rows.length);
        this.rows.push(row);
        if (row.seq < last) reorder = true;
      }
    }
    if (reorder) {
      this.rows.sort((a, b) => a.seq - b.seq);
      this.reindex();
    }
    this.filtered = null;
    return added;
  }

  setFilter(filter: RowFilter): void {
    this.filter = { ...filter };
    this.filtered = null;
  }

  getFilter(): RowFilter {
    return { ...this.filter };
  }

  get(key: string): PairRow | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.rows[i];
  }

  get size(): number {
    return this.rows.length;
  }

  /** The rows that pass the filter, in order (cached until rows or filter change). */
  visible(): PairRow[] {
    if (!this.filtered) this.filtered = this.rows.filter((r) => matchesFilter(r, this.filter));
    return this.filtered;
  }

  methods(): string[] {
    return [...new Set(this.rows.map((r) => r.method))].sort();
  }

  failingCount(): number {
    let n = 0;
    for (const r of this.rows) if (isFailing(r)) n++;
    return n;
  }

  private reindex(): void {
    this.index.clear();
    this.rows.forEach((r, i) => this.index.set(r.key, i));
    this.filtered = null;
  }
}

/** Which rows a viewport shows, with a few extra on each side so scrolling does not flash. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { start: number; end: number } {
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + shown + overscan);
  return { start, end };
}

/** The next selected index for a navigation key, or null when the key does not move. */
export function moveSelection(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const from = current < 0 ? -1 : current;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, from + 1);
    case 'ArrowUp':
      return Math.max(0, from - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return Math.min(count - 1, Math.max(0, from) + pageSize);
    case 'PageUp':
      return Math.max(0, from - pageSize);
    default:
      return null;
  }
}
