/** The grid's hook onto RowPages: a new window per case/filter/sort, refetched when the case changes. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RowFilter } from '../../core/contract/api.ts';
import { useApi } from '../api/context.tsx';
import { RowPages } from './row-pages.ts';

export type RowSort = { by: 'row' | 'severity' | 'outcome'; dir: 'asc' | 'desc' };

export function useRowPages(caseId: string, filter: RowFilter, sort: RowSort | undefined, version: number): RowPages {
  const api = useApi();
  const [, setTick] = useState(0);
  // The query by value: a new filter object with the same content keeps the pages.
  const key = JSON.stringify([caseId, filter, sort]);
  const [query, setQuery] = useState({ key, caseId, filter, sort });
  if (query.key !== key) setQuery({ key, caseId, filter, sort });
  const pages = useMemo(
    () => new RowPages((offset, limit) => api.queryRows({ caseId: query.caseId, offset, limit, filter: query.filter, sort: query.sort }), () => setTick((n) => n + 1)),
    [api, query],
  );
  useEffect(() => {
    pages.resume();
    return () => pages.dispose();
  }, [pages]);
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    pages.invalidate();
  }, [version, pages]);
  return pages;
}
