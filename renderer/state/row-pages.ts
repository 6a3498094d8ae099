/**
 * A window onto a case's rows: pages of 100 fetched on demand with queryRows, a bounded number kept,
 * so the renderer never holds the whole file. After a fix the pages go stale: they stay on screen
 * until their fresh copies arrive (no flicker), and only the pages in view are fetched again.
 */
import type { RowView } from '../../core/contract/api.ts';

export const PAGE_SIZE = 100;
/** At most this many pages (10,000 rows) are kept; the farthest from view are dropped first. */
export const MAX_PAGES = 100;

export type FetchPage = (offset: number, limit: number) => Promise<{ total: number; rows: RowView[] }>;

interface Page {
  rows: RowView[];
  generation: number;
}

export class RowPages {
  total: number | null = null;
  error: unknown = null;
  private pages = new Map<number, Page>();
  private loading = new Map<number, number>();
  private generation = 0;
  private range: [number, number] = [0, 0];
  private disposed = false;

  constructor(
    private readonly fetchPage: FetchPage,
    private readonly onChange: () => void,
    private readonly pageSize = PAGE_SIZE,
    private readonly maxPages = MAX_PAGES,
  ) {}

  rowAt(index: number): RowView | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.rows[index % this.pageSize];
  }

  /** Fetches the pages covering rows [start, end] that are missing or stale. */
  ensure(start: number, end: number): void {
    this.range = [start, Math.max(start, end)];
    const first = Math.floor(start / this.pageSize);
    const last = this.total === null ? first : Math.floor(Math.max(start, end) / this.pageSize);
    for (let p = first; p <= last; p++) {
      const page = this.pages.get(p);
      if (page && page.generation === this.generation) continue;
      if (this.loading.get(p) === this.generation) continue;
      void this.load(p);
    }
  }

  /** The data changed (a fix, an option, a check in progress): refetch what is in view. */
  invalidate(): void {
    this.generation++;
    this.ensure(...this.range);
  }

  dispose(): void {
    this.disposed = true;
  }

  /**
   * Undoes `dispose` (React's StrictMode unmounts and mounts every effect once in development):
   * pages whose answers were dropped meanwhile are fetched again.
   */
  resume(): void {
    if (!this.disposed) return;
    this.disposed = false;
    this.ensure(...this.range);
  }

  /** How many pages are held (tests check the renderer does not keep the whole file). */
  get pageCount(): number {
    return this.pages.size;
  }

  private async load(pageIndex: number): Promise<void> {
    const generation = this.generation;
    this.loading.set(pageIndex, generation);
    try {
      const { total, rows } = await this.fetchPage(pageIndex * this.pageSize, this.pageSize);
      if (this.disposed) return;
      const current = this.pages.get(pageIndex);
      if (!current || current.generation <= generation) this.pages.set(pageIndex, { rows, generation });
      const firstLoad = this.total === null;
      this.total = total;
      this.error = null;
      this.evict();
      this.onChange();
      // The first page tells how many rows there are; the rest of the range can be fetched now.
      if (firstLoad) this.ensure(...this.range);
    } catch (error) {
      if (this.disposed) return;
      this.error = error;
      this.onChange();
    } finally {
      if (this.loading.get(pageIndex) === generation) this.loading.delete(pageIndex);
    }
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const centre = Math.floor((this.range[0] + this.range[1]) / 2 / this.pageSize);
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}
