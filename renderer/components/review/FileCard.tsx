/** The file's facts (name, encoding, delimiter or sheet, rows) and the options it is checked with, changeable. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { delimiterKey, formatCount } from '../../lib/format.ts';
import { revealInvisible } from '../../lib/visible-text.ts';
import { useCase } from '../../state/case.tsx';
import { OptionFields, type OptionValues } from '../OptionFields.tsx';
import { VisibleText } from '../VisibleText.tsx';
import { ENCODING_IDS, type EncodingId } from '../../../core/model.ts';
import { encodingLabel } from '../../../core/rules/messages.ts';
import { useReopen, type ReopenInput } from '../../state/reopen.tsx';
import { ColumnMapping } from './ColumnMapping.tsx';

/** The case's file opened again with the case's options (a new case: reopen.tsx). */
function reopenInput(summary: CaseSummary): ReopenInput {
  return {
    path: summary.sourcePath, region: summary.region,
    ...(summary.channelDetected ? {} : { channel: summary.channel, key: summary.key }),
    ...(summary.timeZone ? { timeZone: summary.timeZone } : {}),
  };
}

function valuesOf(s: CaseSummary): OptionValues {
  return { channel: s.channel, key: s.key, region: s.region, timeZone: s.timeZone ?? '' };
}

export function FileCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const api = useApi();
  const { summary, setOptions, loadSnapshot, loadDefinitions, busy } = useCase();
  const reopen = useReopen();
  // The form starts again from the case's options whenever they change.
  const saved = summary ? valuesOf(summary) : null;
  const savedKey = JSON.stringify(saved);
  const [values, setValues] = useState(saved);
  const [valuesFrom, setValuesFrom] = useState(savedKey);
  if (valuesFrom !== savedKey) {
    setValuesFrom(savedKey);
    setValues(saved);
  }
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
    void reopen({ ...reopenInput(summary), sheet });
  };
  const sheets = summary.sheets ?? [];

  const snapshotText = summary.snapshot ? t('facts.snapshotLoaded', { file: summary.snapshot.fileName, count: summary.snapshot.contacts }) : t('facts.none');
  const definitionsText = summary.definitions ? t('facts.definitionsLoaded', { file: summary.definitions.fileName, count: summary.definitions.count }) : t('facts.none');

  return (
    <section className="card file-card" aria-labelledby="file-card-title">
      <h2 id="file-card-title" className="card-title">
        <VisibleText value={summary.fileName} />
        {summary.state === 'checking' && <span className="state-tag state-checking">{t('facts.checking')}</span>}
        {summary.state === 'failed' && <span className="state-tag state-failed">{t(summary.incomplete?.reason === 'cancelled' ? 'facts.incomplete' : 'facts.failed')}</span>}
      </h2>
      <dl className="facts">
        <div>
          <dt>
            {t('facts.encoding')}
            {summary.encodingChosen && <span className="fact-note"> · {t('facts.encodingChosen')}</span>}
            {summary.encodingAlternatives.length > 0 && <span className="fact-note fact-warn"> · {t('facts.encodingUnsure')}</span>}
          </dt>
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
        {summary.sheet === undefined && <ReadAs summary={summary} disabled={busy} />}
        <ColumnMapping summary={summary} disabled={busy} />
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

/**
 * R-F5: open the list again in another encoding (a new case with this case's options), offered first
 * for the encodings detection found about as plausible.
 */
function ReadAs({ summary, disabled }: { summary: CaseSummary; disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = useLang();
  const reopen = useReopen();
  if (!reopen) return null;
  const alternatives = new Set(summary.encodingAlternatives.map((a) => a.id));
  const others = ENCODING_IDS.filter((id) => id !== summary.encodingId).sort((a, b) => Number(alternatives.has(b)) - Number(alternatives.has(a)));
  const choose = (encoding: EncodingId) => void reopen({ ...reopenInput(summary), encoding });
  return (
    <div className={`read-as${alternatives.size > 0 ? ' read-as-suggested' : ''}`}>
      <label htmlFor={`${id}-read-as`}>{t('facts.readAs')}</label>{' '}
      <select id={`${id}-read-as`} value="" disabled={disabled} onChange={(e) => e.target.value && choose(e.target.value as EncodingId)} aria-describedby={`${id}-read-as-hint`}>
          <option value="">{t('facts.readAsChoose')}</option>
          {others.map((id) => (
            <option key={id} value={id}>{alternatives.has(id) ? t('facts.readAsAlternative', { name: encodingLabel(id, lang) }) : encodingLabel(id, lang)}</option>
          ))}
      </select>
      <span id={`${id}-read-as-hint`} className="muted small"> {t('facts.readAsHint')}</span>
    </div>
  );
}
