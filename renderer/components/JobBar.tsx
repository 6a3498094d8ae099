/**
 * Every running job: what it is, a progress bar with its percent and phase (the phase names the rows
 * done so far where the core knows them), and Cancel. A first check measures bytes read, so raw
 * done/total are never shown as numbers.
 */
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/index.ts';
import { phaseText } from '../lib/core-text.ts';
import { jobPercent } from '../lib/format.ts';
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
        const percent = job ? jobPercent(job.done, job.total) : null;
        const phase = job?.phase ? phaseText(job.phase, lang, t) : null;
        return (
          <div key={id} className="job" data-job={id} data-kind={job?.kind}>
            <span className="job-kind">{kind}</span>
            {percent !== null ? (
              <progress className="job-progress" max={100} value={percent} aria-label={t('jobs.progressLabel', { kind })} aria-valuetext={phase ? `${t('jobs.percent', { percent })} · ${phase}` : t('jobs.percent', { percent })} />
            ) : (
              <progress className="job-progress" aria-label={t('jobs.progressLabel', { kind })} />
            )}
            <span className="job-counts">
              {percent !== null && <span className="job-percent">{t('jobs.percent', { percent })}</span>}
              {phase && <span className="job-phase">{percent !== null ? ' · ' : ''}{phase}</span>}
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
