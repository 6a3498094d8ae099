/** Every running job: what it is, a progress bar with counts and phase, and Cancel. */
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.ts';
import { phaseText } from '../lib/core-text.ts';
import { formatCount } from '../lib/format.ts';
import { useJobs } from '../state/jobs.tsx';

export function JobBar() {
  const { t } = useTranslation();
  const lang = useLang();
  const { jobs, cancel } = useJobs();
  if (jobs.length === 0) return null;
  return (
    <section className="job-bar" aria-label={t('jobs.label')}>
      {jobs.map(({ id, job, cancelling }) => {
        const kind = t(`jobs.kind.${job?.kind ?? 'pending'}`);
        const known = job !== null && job.total > 0;
        const percent = known ? Math.round((job.done / job.total) * 100) : 0;
        return (
          <div key={id} className="job" data-job={id} data-kind={job?.kind}>
            <span className="job-kind">{kind}</span>
            {known ? (
              <progress className="job-progress" max={job.total} value={job.done} aria-label={t('jobs.progressLabel', { kind })} aria-valuetext={t('jobs.percent', { percent })} />
            ) : (
              <progress className="job-progress" aria-label={t('jobs.progressLabel', { kind })} />
            )}
            <span className="job-counts">
              {known && t('jobs.counts', { done: formatCount(job.done, lang), total: formatCount(job.total, lang) })}
              {job?.phase && phaseText(job.phase, lang, t) && <span className="job-phase"> · {phaseText(job.phase, lang, t)}</span>}
            </span>
            <button type="button" className="btn btn-small" disabled={cancelling} onClick={() => void cancel(id).catch(() => undefined)}>
              {cancelling ? t('jobs.cancelling') : t('jobs.cancel')}
            </button>
          </div>
        );
      })}
    </section>
  );
}
