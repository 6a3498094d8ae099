/**
 * Start: open a CSV (button, or drop a file anywhere), a recent case, or a sample; options can be
 * set before opening (they can also be changed afterwards in the review).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Api } from '../../core/contract/api.ts';
import { useApi } from '../api/context.tsx';
import { canOpenDropped } from '../api/open-dropped.ts';
import { useLang } from '../i18n/index.ts';
import { formatDateTime } from '../lib/format.ts';
import { folderOf, shortFolder } from '../lib/short-path.ts';
import { useNotices } from '../state/notices.tsx';
import { OptionFields, type OptionValues } from './OptionFields.tsx';
import { VisibleText } from './VisibleText.tsx';
import { IssueCode } from './IssueBits.tsx';

type AppInfo = Awaited<ReturnType<Api['appInfo']>>;

export interface StartOptions extends OptionValues {
  snapshotPath: string | null;
  definitionsPath: string | null;
}

/** The Api's codes for a file that opens no case (core/api/open-refusal.ts), shown here in plain words. */
export const OPEN_REFUSALS: ReadonlySet<string> = new Set(['file.picture', 'file.pdf', 'file.workbook', 'file.binary', 'file.empty', 'file.header_only', 'file.unreadable', 'file.not_found']);

export interface OpenRefusal {
  code: string;
  message: string;
  path: string;
}

export const DEFAULT_START_OPTIONS: StartOptions = { channel: 'auto', key: 'auto', region: 'TW', timeZone: '', snapshotPath: null, definitionsPath: null };

const fileName = (path: string) => path.split(/[\\/]/).pop() ?? path;

export function StartScreen({ options, onOptions, onOpenFile, onOpenCase, opening, refusal = null }: {
  options: StartOptions;
  onOptions(next: StartOptions): void;
  onOpenFile(path: string): void;
  onOpenCase(path: string): void;
  opening: boolean;
  /** The last file that could not be opened, and why. */
  refusal?: OpenRefusal | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const id = useId();
  const { reportError } = useNotices();
  const [info, setInfo] = useState<AppInfo | null>(null);
  // Asked again after each open attempt: a recent case that failed to open has left the list.
  useEffect(() => {
    if (opening) return;
    api.appInfo({}).then(setInfo, reportError);
  }, [api, reportError, opening]);

  const pick = async (purpose: 'list' | 'case' | 'snapshot' | 'definitions') => {
    try {
      const path = await api.pickFile(purpose);
      if (!path) return;
      if (purpose === 'list') onOpenFile(path);
      else if (purpose === 'case') onOpenCase(path);
      else if (purpose === 'snapshot') onOptions({ ...options, snapshotPath: path });
      else onOptions({ ...options, definitionsPath: path });
    } catch (e) {
      reportError(e);
    }
  };
  // Two cases of one name and folder opened in the same minute are told apart by the second.
  const recentTimes = (info?.recent ?? []).map((r, _i, all) => {
    const twin = all.some((o) => o !== r && o.fileName === r.fileName && o.saved === r.saved && recentFolder(o) === recentFolder(r) && formatDateTime(o.openedAt, lang) === formatDateTime(r.openedAt, lang));
    return formatDateTime(r.openedAt, lang, twin);
  });
  const listSamples = info?.samples.filter((s) => s.purpose === 'list') ?? [];
  const snapshotSample = info?.samples.find((s) => s.purpose === 'snapshot');
  const definitionsSample = info?.samples.find((s) => s.purpose === 'definitions');

  return (
    <div className="start">
      {refusal && <RefusalPanel refusal={refusal} />}
      <section className="start-hero" aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t('start.title')}</h1>
        <p className="lead">{t('start.lead')}</p>
        <div className="drop-zone">
          <button type="button" className="btn btn-primary btn-large" disabled={opening} onClick={() => void pick('list')}>
            {t('start.open')}
          </button>
          {canOpenDropped(api) && <p className="muted">{t('start.dropHint')}</p>}
          <button type="button" className="btn btn-link" disabled={opening} onClick={() => void pick('case')}>
            {t('start.openCase')}
          </button>
        </div>
      </section>

      <div className="start-columns">
        <section className="card" aria-labelledby={`${id}-options`}>
          <h2 id={`${id}-options`} className="card-title">
            {t('start.optionsTitle')}
          </h2>
          <p className="muted small">{t('start.optionsHelp')}</p>
          <OptionFields values={options} onChange={(v) => onOptions({ ...options, ...v })} />
          <div className="field">
            <span className="field-label">{t('options.snapshot')}</span>
            <div className="file-choice">
              <span className="chosen">{options.snapshotPath ? <VisibleText value={fileName(options.snapshotPath)} /> : t('facts.none')}</span>
              <button type="button" className="btn btn-small" onClick={() => void pick('snapshot')}>
                {t('options.chooseSnapshot')}
              </button>
              {snapshotSample && (
                <button type="button" className="btn btn-small btn-link" onClick={() => onOptions({ ...options, snapshotPath: snapshotSample.path })}>
                  {t('start.useSample', { name: snapshotSample.name })}
                </button>
              )}
              {options.snapshotPath && (
                <button type="button" className="btn btn-small btn-link" onClick={() => onOptions({ ...options, snapshotPath: null })}>
                  {t('common.remove')}
                </button>
              )}
            </div>
            <p className="muted small">{t('options.snapshotHelp')}</p>
          </div>
          <div className="field">
            <span className="field-label">{t('options.definitions')}</span>
            <div className="file-choice">
              <span className="chosen">{options.definitionsPath ? <VisibleText value={fileName(options.definitionsPath)} /> : t('facts.none')}</span>
              <button type="button" className="btn btn-small" onClick={() => void pick('definitions')}>
                {t('options.chooseDefinitions')}
              </button>
              {definitionsSample && (
                <button type="button" className="btn btn-small btn-link" onClick={() => onOptions({ ...options, definitionsPath: definitionsSample.path })}>
                  {t('start.useSample', { name: definitionsSample.name })}
                </button>
              )}
              {options.definitionsPath && (
                <button type="button" className="btn btn-small btn-link" onClick={() => onOptions({ ...options, definitionsPath: null })}>
                  {t('common.remove')}
                </button>
              )}
            </div>
            <p className="muted small">{t('options.definitionsHelp')}</p>
          </div>
        </section>

        <div className="start-side">
          <section className="card" aria-labelledby={`${id}-samples`}>
            <h2 id={`${id}-samples`} className="card-title">
              {t('start.samplesTitle')}
            </h2>
            {listSamples.length === 0 ? (
              <p className="muted">{t('start.noSamples')}</p>
            ) : (
              <ul className="plain-list">
                {listSamples.map((s) => (
                  <li key={s.path}>
                    <button type="button" className="btn btn-link" disabled={opening} onClick={() => onOpenFile(s.path)}>
                      {t('start.trySample', { name: s.name })}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby={`${id}-recent`}>
            <h2 id={`${id}-recent`} className="card-title">
              {t('start.recentTitle')}
            </h2>
            {!info || info.recent.length === 0 ? (
              <p className="muted">{t('start.noRecent')}</p>
            ) : (
              <ul className="plain-list recent-list">
                {info.recent.map((r, index) => (
                  <RecentEntry key={r.casePath} entry={r} id={`${id}-recent-${index}`} disabled={opening} onOpen={() => onOpenCase(r.casePath)} when={recentTimes[index]!} />
                ))}
              </ul>
            )}
          </section>
          {info && <p className="muted small">{t('start.version', { version: info.version })}</p>}
        </div>
      </div>
    </div>
  );
}

/** Where a recent case is, for the user: a saved case's folder, else its list's ('' when unknown). */
const recentFolder = (entry: AppInfo['recent'][number]) => (entry.saved ? folderOf(entry.casePath) : entry.sourcePath ? folderOf(entry.sourcePath) : '');

/**
 * One recent case: the list's name, then where it is (issue #17): the folder a saved case is in, or
 * for a case ListPrep keeps itself the list's folder. Two cases of the same name differ by it and by
 * the time; the whole path is in the tooltip.
 */
function RecentEntry({ entry, id, disabled, onOpen, when }: { entry: AppInfo['recent'][number]; id: string; disabled: boolean; onOpen(): void; when: string }) {
  const { t } = useTranslation();
  const folder = recentFolder(entry);
  return (
    <li className="recent-case">
      <button type="button" className="btn btn-link" disabled={disabled} onClick={onOpen} title={entry.casePath} aria-describedby={`${id}-where`}>
        <VisibleText value={entry.fileName} />
      </button>
      <span id={`${id}-where`} className="recent-where muted small">
        {folder !== '' && (
          <span className="recent-folder" title={folder}>
            {entry.saved ? t('start.recentCaseIn') : t('start.recentListIn')} <VisibleText value={shortFolder(folder)} />
            {' · '}
          </span>
        )}
        <span className="recent-when">{when}</span>
      </span>
    </li>
  );
}

const DETAILED: ReadonlySet<string> = new Set(['file.binary', 'file.unreadable', 'file.not_found']);

/** What the file is and what to do, in the UI's language; the code stays quotable in tickets. */
function RefusalPanel({ refusal }: { refusal: OpenRefusal }) {
  const { t } = useTranslation();
  const id = useId();
  const key = `openRefused.${refusal.code.replace(/\./g, '_')}`;
  return (
    <section className="open-refused" role="alert" aria-labelledby={`${id}-refused`} data-code={refusal.code}>
      <h2 id={`${id}-refused`}>{t(`${key}.title`)}</h2>
      <p>{t(`${key}.action`)}</p>
      {/* Where the core knows more than the kind of file (the path, the system's reason), it says it. */}
      {DETAILED.has(refusal.code) && <p className="small">{refusal.message}</p>}
      <p className="muted small">
        {t('openRefused.file', { name: fileName(refusal.path) })} · <IssueCode code={refusal.code} />
      </p>
    </section>
  );
}
