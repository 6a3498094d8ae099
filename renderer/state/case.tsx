/**
 * The open case as the screens see it: its summary and counts, a `version` that changes whenever its
 * rows may have changed (views refetch what they show), and the actions that change it. Every action
 * that starts a job waits for it (with progress shown) and then refreshes.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary, Counts, Fix, FixJobResult } from '../../core/contract/api.ts';
import { useApi } from '../api/context.tsx';
import { useJobs } from './jobs.tsx';
import { useNotices } from './notices.tsx';

/** What to do right after opening: follow the check (it reads the snapshot and definitions chosen beforehand). */
export interface CaseStartup {
  jobId?: string;
}

export type CaseOptionsChange = {
  channel?: CaseSummary['channel'];
  key?: CaseSummary['key'];
  region?: string;
  timeZone?: string | null;
  unifyKeys?: CaseSummary['unifyKeys'];
  /** R-H8: columns, by header, read as a field or left out (null). */
  mapping?: Record<string, string | null>;
};

export interface CaseValue {
  caseId: string;
  summary: CaseSummary | null;
  counts: Counts | null;
  /** Changes whenever rows may have changed: a fix, an undo, new options, a check in progress. */
  version: number;
  /** An action is under way or the core is checking: the core refuses changes until it ends. */
  busy: boolean;
  refresh(): Promise<void>;
  /** `onStarted`: called once the job has started (a dialog closes then; the job bar takes over). */
  applyFix(fix: Fix, onStarted?: () => void): Promise<boolean>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  setOptions(change: CaseOptionsChange): Promise<void>;
  loadSnapshot(path: string): Promise<void>;
  loadDefinitions(path: string): Promise<void>;
  /** Runs a call that may start a job, follows the job, then refreshes. Null when it failed. */
  perform<T extends object>(call: () => Promise<T>): Promise<T | null>;
}

const CaseContext = createContext<CaseValue | null>(null);

/** While a check runs, the summary is polled this often so rows appear as they are checked. */
export const CHECK_POLL_MS = 500;

export function CaseProvider({ caseId, startup, children, checkPollMs = CHECK_POLL_MS }: { caseId: string; startup?: CaseStartup; children: ReactNode; checkPollMs?: number }) {
  const api = useApi();
  const { track } = useJobs();
  const { reportError, announce } = useNotices();
  const { t } = useTranslation();
  const [summary, setSummary] = useState<CaseSummary | null>(null);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [version, setVersion] = useState(0);
  const [pending, setPending] = useState(0);

  const refresh = useCallback(async () => {
    try {
      const [s, c] = await Promise.all([api.getCase({ caseId }), api.getCounts({ caseId, filter: {} })]);
      setSummary(s);
      setCounts(c);
      setVersion((v) => v + 1);
    } catch (e) {
      reportError(e);
    }
  }, [api, caseId, reportError]);

  const follow = useCallback(
    async (jobId: string | undefined) => {
      if (jobId) {
        const job = await track(jobId);
        if (job.state === 'failed') reportError({ code: 'job.failed', message: job.error ?? job.phase });
        if (job.state === 'cancelled') announce(t('jobs.cancelledNotice'));
      }
      await refresh();
    },
    [track, refresh, reportError, announce, t],
  );

  const perform = useCallback(
    async <T extends object>(call: () => Promise<T>): Promise<T | null> => {
      setPending((n) => n + 1);
      try {
        const result = await call();
        const jobId = (result as { jobId?: unknown }).jobId;
        await follow(typeof jobId === 'string' ? jobId : undefined);
        return result;
      } catch (e) {
        reportError(e);
        return null;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [follow, reportError],
  );

  /**
   * A fix, undo or redo is a job (progress and Cancel in the job bar): followed to its end, then the
   * rows it changed are announced; a header fix's re-check is followed too. True when it was done.
   */
  const runFix = useCallback(
    async (call: () => Promise<{ jobId: string }>, notice: 'fixes.applied' | 'fixes.undone' | 'fixes.redone', onStarted?: () => void): Promise<boolean> => {
      setPending((n) => n + 1);
      try {
        const { jobId } = await call();
        onStarted?.();
        const job = await track(jobId);
        if (job.state !== 'done') {
          if (job.state === 'failed') reportError({ code: 'job.failed', message: job.error ?? job.phase });
          if (job.state === 'cancelled') announce(t('jobs.cancelledNotice'));
          await refresh();
          return false;
        }
        const result = job.result as FixJobResult;
        announce(t(notice, { count: result.changedRows }));
        await follow(result.recheckJobId);
        return true;
      } catch (e) {
        reportError(e);
        return false;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [track, follow, refresh, reportError, announce, t],
  );
  const applyFix = useCallback((fix: Fix, onStarted?: () => void) => runFix(() => api.applyFix({ caseId, fix }), 'fixes.applied', onStarted), [runFix, api, caseId]);
  const undo = useCallback(async () => {
    await runFix(() => api.undo({ caseId }), 'fixes.undone');
  }, [runFix, api, caseId]);
  const redo = useCallback(async () => {
    await runFix(() => api.redo({ caseId }), 'fixes.redone');
  }, [runFix, api, caseId]);
  const setOptions = useCallback(async (change: CaseOptionsChange) => {
    await perform(() => api.setOptions({ caseId, ...change }));
  }, [perform, api, caseId]);
  const loadSnapshot = useCallback(async (path: string) => {
    await perform(() => api.loadSnapshot({ caseId, path }));
  }, [perform, api, caseId]);
  const loadDefinitions = useCallback(async (path: string) => {
    await perform(() => api.loadDefinitions({ caseId, path }));
  }, [perform, api, caseId]);

  // Start-up: follow the check.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      await refresh();
      if (startup?.jobId) await follow(startup.jobId);
    })();
  }, [refresh, follow, startup]);

  // While the core is still checking, poll so rows appear as they are checked.
  useEffect(() => {
    if (summary?.state !== 'checking') return;
    const timer = setTimeout(() => void refresh(), checkPollMs);
    return () => clearTimeout(timer);
  }, [summary, refresh, checkPollMs]);

  const value = useMemo<CaseValue>(
    () => ({ caseId, summary, counts, version, busy: pending > 0 || summary?.state === 'checking', refresh, applyFix, undo, redo, setOptions, loadSnapshot, loadDefinitions, perform }),
    [caseId, summary, counts, version, pending, refresh, applyFix, undo, redo, setOptions, loadSnapshot, loadDefinitions, perform],
  );
  return <CaseContext.Provider value={value}>{children}</CaseContext.Provider>;
}

export function useCase(): CaseValue {
  const value = useContext(CaseContext);
  if (!value) throw new Error('useCase needs a CaseProvider above it');
  return value;
}
