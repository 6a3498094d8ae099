/** The file's facts (name, encoding, delimiter or sheet, rows) and the options it is checked with, changeable. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../core/api/contract.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { delimiterKey, formatCount } from '../../lib/format.ts';
import { revealInvisible } from '../../lib/visible-text.ts';
import { useCase } from '../../state/case.tsx';
import { useReopen } from '../../state/reopen.tsx';
import { OptionFields, type OptionValues } from '../OptionFields.tsx';
import { VisibleText } from '../VisibleText.tsx';

function valuesOf(s: CaseSummary): OptionValues {
  return { channel: s.channel, key: s.key, region: s.region, timeZone: s.timeZone ?? '' };
}

export function FileCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const { summary, setOptions, loadSnapshot, loadDefinitions, busy } = useCase();
  const reopen = useReopen();
  const [values, setValues] = useState<OptionValues | null>(null);
  useEffect(() => {
    if (summary) setValues(valuesOf(summary));
  }, [summary?.channel, summary?.key, summary?.region, summary?.timeZone]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!summary || !values) return null;

  const changed = JSON.stringify(values) !== JSON.stringify(valuesOf(summary));
  const apply = () => {
    const change: Parameters<typeof setOptions>[0] = {};
    if (values.channel !== 'auto' && values.channel !== summary.channel) change.channel = values.channel;
    if (values.key !== 'auto' && values.key !== summary.key) change.key = values.key;
    if (values.region !== summary.region) change.region = values.region;
    if (values.timeZone !== (summary.timeZone ?? '')) change.timeZone = values.timeZone === '' ? null : values.timeZone;
    void setOptions(change);
  };
  const pick = async (purpose: 'snapshot' | 'definitions') => {
    const path = await api.pickFile(purpose);
    if (!path) return;
    if (purpose === 'snapshot') await loadSnapshot(path);
    else await loadDefinitions(path);
  };

  // R-F7: another sheet of the workbook is another list, opened as a new case with the same options.
  const openSheet = (sheet: string) => {
    if (!reopen || sheet === summary.sheet) return;
    void reopen({
      path: summary.sourcePath, sheet, region: summary.region,
      ...(summary.channelDetected ? {} : { channel: summary.channel, key: summary.key }),
      ...(summary.timeZone ? { timeZone: summary.timeZone } : {}),
    });
  };
  const sheets = summary.sheets ?? [];

  const snapshotText = summary.snapshot ? t('facts.snapshotLoaded', { file: summary.snapshot.fileName, count: summary.snapshot.contacts }) : t('facts.none');
  const definitionsText = summary.definitions ? t('facts.definitionsLoaded', { file: summary.definitions.fileName, count: summary.definitions.count }) : t('facts.none');

  return (
    <section className="card file-card" aria-labelledby="file-card-title">
      <h2 id="file-card-title" className="card-title">
        <VisibleText value={summary.fileName} />
        {summary.state === 'checking' && <span className="state-tag state-checking">{t('facts.checking')}</span>}
        {summary.state === 'failed' && <span className="state-tag state-failed">{t('facts.failed')}</span>}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('facts.encoding')}</dt>
          <dd>{summary.encoding}</dd>
        </div>
        {summary.sheet === undefined ? (
          <div>
            <dt>{t('facts.delimiter')}</dt>
            <dd>{t(delimiterKey(summary.delimiter))}</dd>
          </div>
        ) : (
          <div>
            <dt>{sheets.length > 1 && reopen ? <label htmlFor="sheet-picker">{t('facts.sheet')}</label> : t('facts.sheet')}</dt>
            <dd>
              {sheets.length > 1 && reopen ? (
                <select id="sheet-picker" className="sheet-picker" value={summary.sheet} disabled={busy} onChange={(e) => openSheet(e.target.value)} title={t('facts.sheetPickerHint')}>
                  {sheets.map((name) => (
                    <option key={name} value={name}>
                      {revealInvisible(name)}
                    </option>
                  ))}
                </select>
              ) : (
                <VisibleText value={summary.sheet} />
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('facts.rows')}</dt>
          <dd>{formatCount(summary.rows, lang)}</dd>
        </div>
        <div>
          <dt>
            {t('facts.channel')}
            {summary.channelDetected && <span className="fact-note"> · {t('facts.detected')}</span>}
          </dt>
          <dd>{t(`channel.${summary.channel}`)}</dd>
        </div>
        <div className="fact-wide">
          <dt>{t('facts.snapshot')}</dt>
          <dd title={revealInvisible(snapshotText)}>
            <VisibleText value={snapshotText} />
          </dd>
        </div>
        <div className="fact-wide">
          <dt>{t('facts.definitions')}</dt>
          <dd title={revealInvisible(definitionsText)}>
            <VisibleText value={definitionsText} />
          </dd>
        </div>
      </dl>
      <details className="options-details">
        <summary>{t('options.title')}</summary>
        <OptionFields values={values} onChange={setValues} detected={summary.channelDetected ? summary.channel : null} disabled={busy} />
        <div className="button-row">
          <button type="button" className="btn btn-primary" disabled={!changed || busy} onClick={apply}>
            {t('options.applyAndRecheck')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void pick('snapshot')}>
            {summary.snapshot ? t('options.replaceSnapshot') : t('options.loadSnapshot')}
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void pick('definitions')}>
            {summary.definitions ? t('options.replaceDefinitions') : t('options.loadDefinitions')}
          </button>
        </div>
      </details>
    </section>
  );
}
