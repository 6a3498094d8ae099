/**
 * Export: choose a folder and what to write (RULES.md §8), with how many rows each file will hold,
 * run the export job in the UI's language, then show where the files went (with "Show in folder"
 * where the transport can reveal files: Electron). A case whose check did not finish is exported
 * only as a set marked partial, after a confirmation naming the missing rows.
 */
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Counts, ExportRequest, ExportResult } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { toShownError, type ShownError } from '../../api/errors.ts';
import { useLang } from '../../i18n/index.ts';
import { readExportResult } from '../../lib/export-result.ts';
import { formatCount } from '../../lib/format.ts';
import { gapPartialTexts } from '../../lib/check-gap.ts';
import { useCase } from '../../state/case.tsx';
import { useJobs } from '../../state/jobs.tsx';
import { Dialog } from '../Dialog.tsx';
import { ErrorText } from '../ErrorText.tsx';
import { VisibleText } from '../VisibleText.tsx';

const WHAT = ['uploadReady', 'errorReport', 'rejectedRows', 'conflicts', 'profiles', 'snapshot'] as const;
type What = (typeof WHAT)[number];

export const DEFAULT_SPLIT_EVERY = 50_000;

export function ExportDialog({ onClose, returnFocusTo }: { onClose(): void; returnFocusTo?: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const { track } = useJobs();
  const { caseId, summary, counts } = useCase();
  const id = useId();
  const [dir, setDir] = useState<string | null>(null);
  const [what, setWhat] = useState<Record<What, boolean>>({ uploadReady: true, errorReport: true, rejectedRows: true, conflicts: false, profiles: false, snapshot: false });
  const [allRows, setAllRows] = useState(false);
  const [splitByCountry, setSplitByCountry] = useState(false);
  const [splitOn, setSplitOn] = useState(false);
  const [splitEvery, setSplitEvery] = useState(String(DEFAULT_SPLIT_EVERY));
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [result, setResult] = useState<ExportResult | null>(null);
  const [partialConfirmed, setPartialConfirmed] = useState(false);
  const gap = summary?.incomplete ?? null;
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  // The Export button is disabled while running, which drops focus: bring it to the outcome.
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);
  useEffect(() => {
    if (error) errorBox.current?.focus();
  }, [error]);

  // The browser bridge can serve exported files for download; Electron reveals them instead.
  const downloadUrl = (api as { downloadUrl?: (path: string) => string }).downloadUrl;
  const splitNumber = Number(splitEvery);
  const splitValid = !splitOn || (Number.isInteger(splitNumber) && splitNumber >= 1 && splitNumber <= 10_000_000);
  const nothing = !WHAT.some((w) => what[w]);
  const canRun = dir !== null && !nothing && splitValid && !running && (gap === null || partialConfirmed);
  const willHold = rowsPerFile(counts, summary?.fileIssues.length ?? 0, allRows, splitByCountry);

  const chooseFolder = async () => {
    const folder = await api.pickFolder();
    if (folder) setDir(folder);
  };

  const run = async () => {
    if (!dir) return;
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      const request: ExportRequest = { caseId, dir, ...what, allRows, splitByCountry, lang };
      if (gap !== null) request.partial = true;
      if (splitOn) request.splitEvery = splitNumber;
      const { jobId } = await api.exportFiles(request);
      const job = await track(jobId);
      if (job.state === 'failed') setError({ code: 'export.failed', message: job.error ?? job.phase });
      else if (job.state === 'done') {
        const parsed = readExportResult(job.result);
        if (parsed) setResult(parsed);
        else setError({ code: 'operation.failed', message: t('export.noResult'), worded: true });
      }
    } catch (e) {
      setError(toShownError(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Dialog titleId={`${id}-title`} onClose={onClose} className="export-dialog" returnFocusTo={returnFocusTo}>
      <h2 id={`${id}-title`} className="dialog-title">
        {t('export.title')}
      </h2>
      {summary && (
        <p className="muted">
          <VisibleText value={summary.fileName} />
        </p>
      )}
      {result && (
        <section className="export-result" aria-labelledby={`${id}-done`}>
          <h3 ref={resultHeading} id={`${id}-done`} className="sub-title" role="status" tabIndex={-1}>
            {t('export.done', { count: result.files.length })}
          </h3>
          <ul className="file-list">
            {result.files.map((f) => (
              <li key={f.path} data-kind={f.kind}>
                <span className="file-kind">{t(`export.fileKinds.${f.kind}`, { defaultValue: f.kind })}</span>
                <code className="file-path">
                  <VisibleText value={f.path} />
                </code>
                <span className="muted small file-rows">{t('export.fileRows', { count: f.rows, formatted: formatCount(f.rows, lang) })}</span>
                {api.transport !== 'electron' && typeof downloadUrl === 'function' && (
                  <a className="btn btn-small" href={downloadUrl(f.path)} download={f.path.split(/[\\/]/).pop()}>
                    {t('export.download')}
                  </a>
                )}
                {api.transport === 'electron' && (
                  <button type="button" className="btn btn-small" onClick={() => void api.revealPath(f.path)}>
                    {t('export.reveal')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {api.transport !== 'electron' && <p className="muted small">{t('export.pathsHint')}</p>}
        </section>
      )}
      {gap && (
        <section className="banner banner-warning export-partial" aria-labelledby={`${id}-partial`}>
          <div className="banner-text">
            <h3 id={`${id}-partial`} className="incomplete-title">
              <span aria-hidden="true">⚠ </span>
              {t('export.partialTitle')}
            </h3>
            <p className="incomplete-body">{gapPartialTexts(gap, t, lang).body}</p>
            <label className="check">
              <input type="checkbox" checked={partialConfirmed} onChange={(e) => setPartialConfirmed(e.target.checked)} />
              <span>{gapPartialTexts(gap, t, lang).confirm}</span>
            </label>
          </div>
        </section>
      )}
      <div className="field">
        <span className="field-label" id={`${id}-folder-label`}>
          {t('export.folder')}
        </span>
        <div className="folder-row">
          <output className="folder-path" aria-labelledby={`${id}-folder-label`}>
            {dir ?? t('export.noFolder')}
          </output>
          <button type="button" className="btn" onClick={() => void chooseFolder()}>
            {t('export.chooseFolder')}
          </button>
        </div>
      </div>
      <fieldset>
        <legend>{t('export.what')}</legend>
        {WHAT.map((w) => (
          <label key={w} className="check">
            <input type="checkbox" checked={what[w]} onChange={(e) => setWhat({ ...what, [w]: e.target.checked })} />
            <span>
              {t(`export.kinds.${w}`)}
              {willHold[w] && (
                <span className="muted small file-will-hold" data-will-hold={w} aria-label={`${t('export.willHoldLabel')}: ${t(willHold[w].about ? 'export.willHoldAbout' : 'export.willHold', { count: willHold[w].rows, formatted: formatCount(willHold[w].rows, lang) })}`}>
                  ({t(willHold[w].about ? 'export.willHoldAbout' : 'export.willHold', { count: willHold[w].rows, formatted: formatCount(willHold[w].rows, lang) })})
                </span>
              )}
              <span className="muted small block">{t(`export.hints.${w}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('export.options')}</legend>
        <label className="check">
          <input type="checkbox" checked={allRows} onChange={(e) => setAllRows(e.target.checked)} />
          <span>{t('export.allRows')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={splitByCountry} onChange={(e) => setSplitByCountry(e.target.checked)} />
          <span>{t('export.splitByCountry')}</span>
        </label>
        <div className="check">
          <input id={`${id}-split-on`} type="checkbox" checked={splitOn} onChange={(e) => setSplitOn(e.target.checked)} />
          <label htmlFor={`${id}-split-on`}>{t('export.splitEvery')}</label>
          <input
            id={`${id}-split`}
            className="input-number"
            type="number"
            min={1}
            max={10_000_000}
            step={1}
            value={splitEvery}
            disabled={!splitOn}
            aria-label={t('export.splitEveryRows')}
            aria-invalid={!splitValid}
            onChange={(e) => setSplitEvery(e.target.value)}
          />
          <span>{t('export.rows')}</span>
        </div>
        {!splitValid && <p className="field-error">{t('export.splitInvalid')}</p>}
      </fieldset>
      {error && (
        <div ref={errorBox} className="banner banner-error" role="alert" tabIndex={-1}>
          <ErrorText error={error} />
        </div>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {result ? t('common.close') : t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" disabled={!canRun} onClick={() => void run()}>
          {running ? t('export.running') : t('export.run')}
        </button>
      </div>
      {dir === null && <p className="muted small">{t('export.chooseFirst')}</p>}
      {gap && !partialConfirmed && <p className="muted small">{t('export.partialFirst')}</p>}
      {nothing && <p className="field-error">{t('export.nothing')}</p>}
    </Dialog>
  );
}

/**
 * How many rows each file will hold, from the counts the case already has: exact for the rejected
 * rows and the upload-ready file; about for the error report (one line per issue: counted per row
 * and code) and for a per-country split (which adds other countries' rows).
 */
function rowsPerFile(counts: Counts | null, fileIssues: number, allRows: boolean, splitByCountry: boolean): Partial<Record<What, { rows: number; about: boolean }>> {
  if (!counts) return {};
  const { create, update, unchanged, skip, fail } = counts.byOutcome;
  // Excluded rows are in neither the upload-ready file nor the rejected rows.
  const excluded = counts.excluded ?? { rows: 0, uploadable: 0 };
  return {
    uploadReady: { rows: allRows ? counts.rows - excluded.rows : create + update + unchanged - excluded.uploadable, about: splitByCountry && !allRows },
    errorReport: { rows: counts.byCode.reduce((n, c) => n + c.count, 0) + fileIssues, about: true },
    rejectedRows: { rows: skip + fail - (excluded.rows - excluded.uploadable), about: false },
  };
}
