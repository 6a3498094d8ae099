/**
 * Spreadsheet-like edits of the review (issue #17 item 5): find and replace, set a value for the rows
 * the grid shows, exclude or include them. Each dialog shows what the edit would change (Api
 * previewEdit) before it is applied; applying is one fix job, so one Undo takes it back.
 */
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnView, EditPreview, Fix, RowFilter } from '../../../core/contract/api.ts';
import { useApi } from '../../api/context.tsx';
import { useLang } from '../../i18n/index.ts';
import { formatCount } from '../../lib/format.ts';
import { revealInvisible } from '../../lib/visible-text.ts';
import { useCase } from '../../state/case.tsx';
import { Dialog } from '../Dialog.tsx';

/** Typing settles this long before the preview asks the core again. */
export const PREVIEW_DELAY_MS = 200;

type Preview = EditPreview | 'counting' | null;

/** What a fix would change, asked again (after a pause) whenever the fix changes. */
function usePreview(fix: Fix | null): Preview {
  const api = useApi();
  const { caseId, version } = useCase();
  // The fix by its content: the dialogs build a new object each render, and only a new content asks again.
  const key = fix === null ? '' : JSON.stringify(fix);
  const [asked, setAsked] = useState({ key, fix });
  if (asked.key !== key) setAsked({ key, fix });
  // The core's answer, kept with the fix and the case version it answers.
  const [answer, setAnswer] = useState<{ asked: typeof asked; version: number; preview: Preview } | null>(null);
  useEffect(() => {
    const { fix } = asked;
    if (fix === null) return;
    let current = true;
    const timer = setTimeout(() => {
      const answered = (preview: Preview) => current && setAnswer({ asked, version, preview });
      api.previewEdit({ caseId, fix }).then(answered, () => answered(null));
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, caseId, version, asked]);
  if (asked.fix === null) return null;
  return answer && answer.asked === asked && answer.version === version ? answer.preview : 'counting';
}

/**
 * The preview's sentence. `rowsOnly`: an exclusion changes rows, not cells. A preview of a large case
 * looked at its first rows only: its counts are a lower bound, said as such with the rows looked at.
 */
function PreviewLine({ preview, rowsOnly = false }: { preview: Preview; rowsOnly?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (preview === 'counting' || preview === null) {
    return <p className="edit-preview" role="status" aria-live="polite">{preview === 'counting' ? t('edits.counting') : ''}</p>;
  }
  const counts = { cells: formatCount(preview.cells, lang), count: preview.rows, formatted: formatCount(preview.rows, lang) };
  let text: string;
  if (preview.complete) text = preview.cells === 0 ? t('edits.nothing') : rowsOnly ? t('edits.willChangeRows', counts) : t('edits.willChange', counts);
  else {
    const looked = { looked: formatCount(preview.rowsLookedAt, lang), total: formatCount(preview.rowsInCase, lang) };
    text = preview.cells === 0 ? t('edits.nothingYet', looked) : rowsOnly ? t('edits.atLeastRows', { ...counts, ...looked }) : t('edits.atLeast', { ...counts, ...looked });
  }
  return <p className="edit-preview" role="status" aria-live="polite">{text}</p>;
}

/** Whether the edit can be applied: it changes something, or may (a preview that did not look at every row). */
const changes = (preview: Preview) => preview !== null && preview !== 'counting' && (preview.cells > 0 || !preview.complete);

function ColumnSelect({ id, value, onChange, columns, allowAll }: { id: string; value: string; onChange(v: string): void; columns: ColumnView[]; allowAll: boolean }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {allowAll && <option value="">{t('edits.allColumns')}</option>}
      {columns.map((c) => (
        <option key={c.index} value={c.index}>
          {revealInvisible(c.header)}
        </option>
      ))}
    </select>
  );
}

/**
 * An edit dialog's form: its fields, the preview of what the edit would change, Cancel and the edit's
 * button (enabled when something would change). The dialog closes once the edit's job has started.
 */
function EditForm({ fix, submitLabel, rowsOnly = false, onClose, children }: { fix: Fix | null; submitLabel: string; rowsOnly?: boolean; onClose(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const { applyFix, busy } = useCase();
  const preview = usePreview(fix);
  const ready = changes(preview) && !busy;
  return (
    <form className="edit-form" onSubmit={(e) => { e.preventDefault(); if (ready && fix) void applyFix(fix, onClose); }}>
      {children}
      <PreviewLine preview={preview} rowsOnly={rowsOnly} />
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>{t('edits.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={!ready}>{submitLabel}</button>
      </div>
    </form>
  );
}

function FindReplaceDialog({ columns, onClose, returnFocusTo }: { columns: ColumnView[]; onClose(): void; returnFocusTo: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const id = useId();
  const [find, setFind] = useState('');
  const [replace, setReplace] = useState('');
  const [column, setColumn] = useState('');
  const [matchCase, setMatchCase] = useState(false);
  const [wholeCell, setWholeCell] = useState(false);
  const fix: Fix | null = find === '' ? null : { kind: 'replace', find, replace, ...(column === '' ? {} : { columnIndex: Number(column) }), ...(matchCase ? { matchCase } : {}), ...(wholeCell ? { wholeCell } : {}) };
  return (
    <Dialog titleId={`${id}-title`} descriptionId={`${id}-hint`} onClose={onClose} className="edit-dialog" returnFocusTo={returnFocusTo}>
      <h2 id={`${id}-title`} className="dialog-title">{t('edits.findTitle')}</h2>
      <EditForm fix={fix} submitLabel={t('edits.replaceAll')} onClose={onClose}>
        <div className="field">
          <label htmlFor={`${id}-find`}>{t('edits.find')}</label>
          <input id={`${id}-find`} value={find} onChange={(e) => setFind(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-replace`}>{t('edits.replaceWith')}</label>
          <input id={`${id}-replace`} value={replace} onChange={(e) => setReplace(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-col`}>{t('edits.column')}</label>
          <ColumnSelect id={`${id}-col`} value={column} onChange={setColumn} columns={columns} allowAll />
        </div>
        <label className="check">
          <input type="checkbox" checked={matchCase} onChange={(e) => setMatchCase(e.target.checked)} />
          <span>{t('edits.matchCase')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={wholeCell} onChange={(e) => setWholeCell(e.target.checked)} />
          <span>{t('edits.wholeCell')}</span>
        </label>
        <p id={`${id}-hint`} className="muted small">{t('edits.caseHint')}</p>
      </EditForm>
    </Dialog>
  );
}

function SetValueDialog({ columns, filter, shown, onClose, returnFocusTo }: { columns: ColumnView[]; filter: RowFilter; shown: number; onClose(): void; returnFocusTo: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const id = useId();
  const [column, setColumn] = useState(String(filter.columnIndex ?? columns[0]?.index ?? 0));
  const [value, setValue] = useState('');
  const fix: Fix = { kind: 'set', value, columnIndex: Number(column), filter };
  return (
    <Dialog titleId={`${id}-title`} descriptionId={`${id}-help`} onClose={onClose} className="edit-dialog" returnFocusTo={returnFocusTo}>
      <h2 id={`${id}-title`} className="dialog-title">{t('edits.setTitle')}</h2>
      <p id={`${id}-help`} className="muted">{t('edits.setHelp', { count: shown })}</p>
      <EditForm fix={fix} submitLabel={t('edits.set')} onClose={onClose}>
        <div className="field">
          <label htmlFor={`${id}-col`}>{t('edits.column')}</label>
          <ColumnSelect id={`${id}-col`} value={column} onChange={setColumn} columns={columns} allowAll={false} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-value`}>{t('edits.value')}</label>
          <input id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />
        </div>
      </EditForm>
    </Dialog>
  );
}

function ExcludeDialog({ filter, shown, onClose, returnFocusTo }: { filter: RowFilter; shown: number; onClose(): void; returnFocusTo: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const id = useId();
  const [excluded, setExcluded] = useState(true);
  const fix: Fix = { kind: 'exclude', filter, excluded };
  return (
    <Dialog titleId={`${id}-title`} descriptionId={`${id}-help`} onClose={onClose} className="edit-dialog" returnFocusTo={returnFocusTo}>
      <h2 id={`${id}-title`} className="dialog-title">{t('edits.excludeTitle')}</h2>
      <p id={`${id}-help`} className="muted">{t('edits.excludeHelp')}</p>
      <EditForm fix={fix} submitLabel={t('edits.apply')} rowsOnly onClose={onClose}>
        <fieldset className="edit-choice">
          <legend className="visually-hidden">{t('edits.excludeChoice')}</legend>
          <label className="check">
            <input type="radio" name={`${id}-choice`} checked={excluded} onChange={() => setExcluded(true)} />
            <span>{t('edits.excludeRows', { count: shown })}</span>
          </label>
          <label className="check">
            <input type="radio" name={`${id}-choice`} checked={!excluded} onChange={() => setExcluded(false)} />
            <span>{t('edits.includeRows', { count: shown })}</span>
          </label>
        </fieldset>
      </EditForm>
    </Dialog>
  );
}

/**
 * The review's "Edit" button: a small disclosure of the three edits (one button in the filter bar,
 * so the grid keeps its height), and their dialogs. `shown`: rows the grid shows with its filter.
 * Escape or choosing an edit closes the list. A dialog closes once its edit's job has started (the
 * job bar shows its progress and Cancel) and focus returns to the Edit button, which is only
 * aria-disabled while the job runs so that it keeps the focus.
 */
export function EditTools({ columns, filter, shown }: { columns: ColumnView[]; filter: RowFilter; shown: number | null }) {
  const { t } = useTranslation();
  const { busy } = useCase();
  const menuId = useId();
  const [expanded, setExpanded] = useState(false);
  const [open, setOpen] = useState<'replace' | 'set' | 'exclude' | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const close = () => setOpen(null);
  const noRows = shown === null || shown === 0;
  useEffect(() => {
    if (!expanded) return;
    list.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setExpanded(false);
      editButton.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (!list.current?.contains(e.target as Node) && e.target !== editButton.current) setExpanded(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [expanded]);
  const choose = (which: 'replace' | 'set' | 'exclude') => {
    setExpanded(false);
    setOpen(which);
  };
  return (
    <div className="edit-tools">
      <button ref={editButton} type="button" className="btn btn-small" aria-expanded={expanded} aria-controls={menuId} aria-disabled={busy || undefined} onClick={() => !busy && setExpanded(!expanded)}>
        {t('edits.menu')} <span aria-hidden="true">▾</span>
      </button>
      <div ref={list} id={menuId} className="edit-list" role="group" aria-label={t('edits.toolbar')} hidden={!expanded}>
        <button type="button" className="btn btn-small" aria-haspopup="dialog" disabled={busy} onClick={() => choose('replace')}>
          {t('edits.findReplace')}
        </button>
        <button type="button" className="btn btn-small" aria-haspopup="dialog" disabled={busy || noRows} onClick={() => choose('set')}>
          {t('edits.setValue')}
        </button>
        <button type="button" className="btn btn-small" aria-haspopup="dialog" disabled={busy || noRows} onClick={() => choose('exclude')}>
          {t('edits.exclude')}
        </button>
      </div>
      {open === 'replace' && <FindReplaceDialog columns={columns} onClose={close} returnFocusTo={editButton} />}
      {open === 'set' && <SetValueDialog columns={columns} filter={filter} shown={shown ?? 0} onClose={close} returnFocusTo={editButton} />}
      {open === 'exclude' && <ExcludeDialog filter={filter} shown={shown ?? 0} onClose={close} returnFocusTo={editButton} />}
    </div>
  );
}
