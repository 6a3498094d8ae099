/**
 * Long work (check, simulate, unify, export …) runs as jobs in the core. The renderer polls each job
 * (~200 ms) until it ends, shows its progress, and lets the user cancel it. Polling is plain async
 * work between renders, so the UI stays responsive while a job runs.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Job } from '../../core/contract/api.ts';
import { useApi } from '../api/context.tsx';

export interface TrackedJob {
  id: string;
  /** The latest poll; null until the first answer. */
  job: Job | null;
  cancelling: boolean;
}

interface JobsValue {
  jobs: TrackedJob[];
  /** Follows a job until it is done, failed or cancelled; resolves with its final state. */
  track(jobId: string): Promise<Job>;
  cancel(jobId: string): Promise<void>;
}

const JobsContext = createContext<JobsValue | null>(null);

export const DEFAULT_POLL_MS = 200;
const TERMINAL: ReadonlySet<Job['state']> = new Set(['done', 'failed', 'cancelled']);

export function JobsProvider({ children, pollMs = DEFAULT_POLL_MS }: { children: ReactNode; pollMs?: number }) {
  const api = useApi();
  const [jobs, setJobs] = useState<TrackedJob[]>([]);
  const following = useRef(new Map<string, Promise<Job>>());
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const update = useCallback((id: string, change: Partial<TrackedJob> | null) => {
    if (!alive.current) return;
    setJobs((list) => {
      if (change === null) return list.filter((j) => j.id !== id);
      const index = list.findIndex((j) => j.id === id);
      if (index < 0) return [...list, { id, job: null, cancelling: false, ...change }];
      const next = list.slice();
      next[index] = { ...next[index], ...change };
      return next;
    });
  }, []);

  const track = useCallback(
    (jobId: string): Promise<Job> => {
      const existing = following.current.get(jobId);
      if (existing) return existing;
      update(jobId, {});
      const run = (async () => {
        try {
          for (;;) {
            const job = await api.getJob({ jobId });
            if (TERMINAL.has(job.state)) return job;
            update(jobId, { job });
            if (!alive.current) return job;
            await new Promise((resolve) => setTimeout(resolve, pollMs));
          }
        } finally {
          following.current.delete(jobId);
          update(jobId, null);
        }
      })();
      following.current.set(jobId, run);
      return run;
    },
    [api, pollMs, update],
  );

  const cancel = useCallback(
    async (jobId: string) => {
      update(jobId, { cancelling: true });
      await api.cancelJob({ jobId });
    },
    [api, update],
  );

  const value = useMemo(() => ({ jobs, track, cancel }), [jobs, track, cancel]);
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export function useJobs(): JobsValue {
  const value = useContext(JobsContext);
  if (!value) throw new Error('useJobs needs a JobsProvider above it');
  return value;
}
