/**
 * The rows as a spreadsheet: virtualized (only the rows in view are in the DOM), paged from the Api
 * (never the whole file), cells coloured and marked by severity, each cell's issues shown on hover
 * and on keyboard focus (one floating tip outside the scroll box: CellTip.tsx). Keyboard: arrows/Home/End/PageUp/PageDown move, Enter or F2 edits, Enter
 * saves, Escape cancels (or hides the tip). ARIA grid pattern with one tab stop (roving tabindex).
 *
 * Note for the CSP: rows are positioned with React's style prop (transform/height). React sets these
 * through the CSSOM (element.style), which `style-src 'self'` allows; no inline style attributes.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { ApiIssue, ColumnView, RowFilter, RowView } from '../../../core/contract/api.ts';
import { SEVERITY_RANK } from '../../../core/model.ts';
import { useIssueMessage } from '../../i18n/issue-text.ts';
import { useRowPages, type RowSort } from '../../state/use-row-pages.ts';
import { PAGE_SIZE } from '../../state/row-pages.ts';
import { severityGlyph } from '../IssueBits.tsx';
import { VisibleText } from '../VisibleText.tsx';
import { useLang } from '../../i18n/index.ts';
import { formatCount } from '../../lib/format.ts';
import { cutCellLength } from '../../lib/cut-cells.ts';
import { CellDescription, FloatingTip } from './CellTip.tsx';

export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 36;

/** Grid columns: the row number, the outcome, then the file's columns. */
const FIXED_COLUMNS = 2;

export interface CellPosition {
  index: number;
  col: number;
}

/** A pointer leaving a cell may be on its way to the tip: the tip waits this long before it goes. */
const TIP_LINGER_MS = 150;

export interface RowGridProps {
  caseId: string;
  columns: ColumnView[];
  filter: RowFilter;
  sort?: RowSort;
  version: number;
  onSelectRow(row: number | null): void;
  onEditCell(row: number, columnIndex: number, value: string): Promise<void>;
  onTotal?(total: number | null): void;
  /** The case has excluded rows: the outcome column is widened to hold the "Excluded" badge. */
  hasExcluded?: boolean;
  /** Reports the cell under the pointer or with focus, for the detail line above the grid. */
  onInspect?(cell: { row: RowView; column: ColumnView | null; issues: ApiIssue[] } | null, via: 'pointer' | 'focus'): void;
}

/** The issues a cell shows: the row's own in the row number, a column's in its cells, none in the outcome. */
function cellIssues(row: RowView, col: number, columns: ColumnView[]): ApiIssue[] {
  if (col === 0) return row.issues.filter((i) => i.columnIndex === undefined);
  const column = columns[col - FIXED_COLUMNS];
  return column === undefined ? [] : row.issues.filter((i) => i.columnIndex === column.index);
}

function worstIssue(issues: ApiIssue[]): ApiIssue | undefined {
  return issues.reduce<ApiIssue | undefined>((w, i) => (!w || SEVERITY_RANK[i.severity] > SEVERITY_RANK[w.severity] ? i : w), undefined);
}

export function RowGrid({ caseId, columns, filter, sort, version, onSelectRow, onEditCell, onTotal, onInspect, hasExcluded = false }: RowGridProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const message = useIssueMessage();
  const pages = useRowPages(caseId, filter, sort, version);
  const total = pages.total ?? 0;
  const colCount = FIXED_COLUMNS + columns.length;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<CellPosition>({ index: 0, col: FIXED_COLUMNS });
  const [editing, setEditing] = useState<CellPosition | null>(null);
  const focusPending = useRef(false);
  const tips = useCellTips(scrollRef);

  // TanStack Virtual's virtualizer is a mutable object read on every render (as RowPages is): React
  // Compiler must leave RowGrid as written, which is what this rule reports (docs/decisions.md, "Lint").
  // eslint-disable-next-line react-hooks/incompatible-library -- the compiler skips RowGrid on purpose
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (pages.total === null) pages.ensure(0, PAGE_SIZE - 1);
    else if (items.length > 0) pages.ensure(first, last);
  }, [pages, pages.total, first, last, items.length]);

  useEffect(() => onTotal?.(pages.total), [pages.total, onTotal]);

  // A new filter or sort (new pages) starts at the top.
  const [pagesShown, setPagesShown] = useState(pages);
  if (pagesShown !== pages) {
    setPagesShown(pages);
    setActive((a) => ({ index: 0, col: a.col }));
    setEditing(null);
  }
  useEffect(() => {
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [pages]);

  // Keep the active cell inside the grid when the row count shrinks.
  if (total > 0 && active.index >= total) setActive((a) => ({ ...a, index: total - 1 }));

  const activeRow = pages.rowAt(active.index);
  const activeRowNumber = activeRow ? activeRow.row : null;
  useEffect(() => {
    onSelectRow(activeRowNumber);
  }, [activeRowNumber, onSelectRow]);

  const cellId = (index: number, col: number) => `cell-${caseId}-${index}-${col}`;

  // Move focus to the active cell once it is rendered (it may first need scrolling into view).
  useLayoutEffect(() => {
    if (!focusPending.current || editing) return;
    const el = document.getElementById(cellId(active.index, active.col));
    if (el) {
      focusPending.current = false;
      el.focus({ preventScroll: false });
    }
  });

  const moveTo = useCallback(
    (index: number, col: number) => {
      if (total === 0) return;
      const next = { index: Math.max(0, Math.min(total - 1, index)), col: Math.max(0, Math.min(colCount - 1, col)) };
      setActive(next);
      focusPending.current = true;
      virtualizer.scrollToIndex(next.index, { align: 'auto' });
    },
    [total, colCount, virtualizer],
  );

  /** The rows one PageUp/PageDown moves: a screenful, measured when the key is pressed. */
  const pageRows = () => Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const { index, col } = active;
    const ctrl = e.ctrlKey || e.metaKey;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(index + 1, col);
        break;
      case 'ArrowUp':
        moveTo(index - 1, col);
        break;
      case 'ArrowRight':
        moveTo(index, col + 1);
        break;
      case 'ArrowLeft':
        moveTo(index, col - 1);
        break;
      case 'Home':
        moveTo(ctrl ? 0 : index, 0);
        break;
      case 'End':
        moveTo(ctrl ? total - 1 : index, colCount - 1);
        break;
      case 'PageDown':
        moveTo(index + pageRows(), col);
        break;
      case 'PageUp':
        moveTo(index - pageRows(), col);
        break;
      case 'Escape':
        if (tips.shown) tips.hideAll();
        else handled = false;
        break;
      case 'Enter':
      case 'F2':
        if (col >= FIXED_COLUMNS && pages.rowAt(index) && editable(index, col)) setEditing({ index, col });
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  // When the grid itself gets focus (its active cell is scrolled away), bring the cell back.
  const onGridFocus = (e: FocusEvent<HTMLDivElement>) => {
    if (e.target === scrollRef.current) moveTo(active.index, active.col);
  };

  /** A cell the Api sent cut is not edited in place (lib/cut-cells.ts). */
  const editable = (index: number, col: number) => {
    const row = pages.rowAt(index);
    const column = columns[col - FIXED_COLUMNS];
    return row !== undefined && column !== undefined && cutCellLength(row, column.index) === undefined;
  };

  const finishEdit = async (save: boolean, value: string) => {
    const cell = editing;
    setEditing(null);
    focusPending.current = true;
    if (!save || !cell) return;
    const row = pages.rowAt(cell.index);
    const columnIndex = cell.col - FIXED_COLUMNS;
    if (!row || row.cells[columnIndex] === value) return;
    await onEditCell(row.row, columnIndex, value);
  };

  const activeRendered = items.some((v) => v.index === active.index);
  const headerCells = useMemo(
    () => [
      <div key="row" role="columnheader" aria-colindex={1} className="gcell col-row">
        {t('grid.row')}
      </div>,
      <div key="outcome" role="columnheader" aria-colindex={2} className="gcell col-outcome">
        {t('grid.outcome')}
      </div>,
      ...columns.map((c, i) => (
        <div
          key={`c${c.index}`}
          role="columnheader"
          aria-colindex={FIXED_COLUMNS + i + 1}
          className={`gcell col-data col-${c.status}`}
          title={c.status === 'skipped' ? t('grid.skippedColumn') : c.field && c.field !== c.header ? t('grid.readsAs', { field: c.field }) : undefined}
        >
          {c.status === 'skipped' && (
            <span className="col-skip-mark" aria-hidden="true">
              ⊘
            </span>
          )}
          <span className="col-name">
            <VisibleText value={c.header} />
          </span>
          {c.status === 'skipped' && <span className="visually-hidden">{t('grid.skippedColumn')}</span>}
          {c.rename && <span className="col-rename">→ {c.rename}</span>}
        </div>
      )),
    ],
    [columns, t],
  );

  const renderCell = (row: RowView, index: number, col: number) => {
    const id = cellId(index, col);
    const isActive = index === active.index && col === active.col;
    const common = {
      id,
      'aria-colindex': col + 1,
      tabIndex: isActive ? 0 : -1,
      onClick: () => setActive({ index, col }),
      onFocus: () => {
        if (!isActive) setActive({ index, col });
      },
    };
    const tipEvents = {
      onMouseLeave: () => tips.leave(),
      onBlur: () => tips.blur(id),
    };
    if (col === 0) {
      const rowIssues = cellIssues(row, 0, columns);
      return (
        <div
          {...common}
          key={col}
          role="rowheader"
          className={`gcell col-row${rowIssues.length > 0 ? ` sev-${worstIssue(rowIssues)?.severity}` : ''}`}
          data-code={worstIssue(rowIssues)?.code}
          aria-describedby={rowIssues.length > 0 ? `${id}-tip` : undefined}
          {...tipEvents}
          onMouseEnter={() => {
            tips.hover(rowIssues.length > 0 ? { cellId: id, index, col } : null);
            onInspect?.({ row, column: null, issues: rowIssues }, 'pointer');
          }}
          onFocus={() => {
            common.onFocus();
            tips.focus({ cellId: id, index, col });
          }}>
          {row.row}
          {rowIssues.length > 0 && <CellDescription id={`${id}-tip`} issues={rowIssues} render={message} />}
        </div>
      );
    }
    if (col === 1) {
      return (
        <div {...common} key={col} role="gridcell" className="gcell col-outcome">
          <span className={`outcome outcome-${row.outcome}`} data-outcome={row.outcome}>
            {t(`outcome.${row.outcome}`)}
          </span>
          {row.excluded && <span className="excluded-badge">{t('edits.excluded')}</span>}
        </div>
      );
    }
    const column = columns[col - FIXED_COLUMNS];
    const value = row.cells[column.index] ?? '';
    const cutLength = cutCellLength(row, column.index);
    const issues = cellIssues(row, col, columns);
    const top = worstIssue(issues);
    const isEditing = editing?.index === index && editing.col === col;
    const tipId = `${id}-tip`;
    return (
      <div
        {...common}
        key={col}
        role="gridcell"
        className={`gcell col-data${top ? ` sev-${top.severity}` : ''}${column.status === 'skipped' ? ' cell-skipped' : ''}`}
        data-code={top?.code}
        data-codes={issues.length > 1 ? issues.map((i) => i.code).join(' ') : undefined}
        aria-describedby={issues.length > 0 && !isEditing ? tipId : undefined}
        onDoubleClick={() => cutLength === undefined && setEditing({ index, col })}
        {...tipEvents}
        onMouseEnter={() => {
          tips.hover(issues.length > 0 ? { cellId: id, index, col } : null);
          onInspect?.({ row, column, issues }, 'pointer');
        }}
        onFocus={() => {
          if (!isActive) setActive({ index, col });
          tips.focus({ cellId: id, index, col });
          onInspect?.({ row, column, issues }, 'focus');
        }}
      >
        {isEditing ? (
          <CellEditor
            initial={value}
            label={t('grid.editLabel', { row: row.row, column: column.header })}
            onDone={(save, v) => void finishEdit(save, v)}
          />
        ) : (
          <>
            {top && (
              <span className="cell-glyph" aria-hidden="true">
                {severityGlyph(top.severity)}
              </span>
            )}
            <span className="cell-value">
              <VisibleText value={value} />
            </span>
            {cutLength !== undefined && <span className="cell-cut">{t('grid.cut', { chars: formatCount(cutLength, lang) })}</span>}
            {value === '' && issues.length > 0 && <span className="cell-blank">{t('grid.blank')}</span>}
            {issues.length > 0 && <CellDescription id={tipId} issues={issues} render={message} />}
          </>
        )}
      </div>
    );
  };

  const renderRow = (index: number, start: number) => {
    const row = pages.rowAt(index);
    const className = `grow${row?.row !== undefined && index === active.index ? ' grow-active' : ''}${index % 2 ? ' grow-odd' : ''}`;
    if (!row) {
      return (
        <div key={`loading-${index}`} role="row" aria-rowindex={index + 2} className={`${className} grow-loading`} style={{ transform: `translateY(${start}px)` }}>
          <div role="gridcell" aria-colindex={1} className="gcell col-row">
            …
          </div>
        </div>
      );
    }
    return (
      <div key={row.row} role="row" aria-rowindex={index + 2} data-row={row.row} data-excluded={row.excluded ? '' : undefined} className={row.excluded ? `${className} grow-excluded` : className} style={{ transform: `translateY(${start}px)` }}>
        {Array.from({ length: colCount }, (_, col) => renderCell(row, index, col))}
      </div>
    );
  };

  // The tip of the cell under the pointer, else of the focused one; none while that cell is edited.
  const tipCell = tips.shown;
  const tipRow = tipCell ? pages.rowAt(tipCell.index) : undefined;
  const tipIssues = tipCell && tipRow && !(editing?.index === tipCell.index && editing.col === tipCell.col) ? cellIssues(tipRow, tipCell.col, columns) : [];

  return (
    <div
      ref={scrollRef}
      className={hasExcluded ? 'grid-scroll grid-with-excluded' : 'grid-scroll'}
      role="grid"
      aria-label={t('grid.label')}
      aria-rowcount={total + 1}
      aria-colcount={colCount}
      aria-busy={pages.total === null}
      tabIndex={activeRendered ? -1 : 0}
      onKeyDown={onKeyDown}
      onFocus={onGridFocus}
      onMouseLeave={() => onInspect?.(null, 'pointer')}
    >
      <div role="row" aria-rowindex={1} className="grow grow-header">
        {headerCells}
      </div>
      {pages.total === 0 && (
        <div role="row" className="grid-empty">
          <div role="gridcell">{t('grid.noRows')}</div>
        </div>
      )}
      <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => renderRow(v.index, v.start))}
      </div>
      {tipCell && tipIssues.length > 0 && <FloatingTip anchor={{ cellId: tipCell.cellId, issues: tipIssues }} render={message} onPointer={tips.pointerOnTip} />}
    </div>
  );
}

interface TipCell {
  cellId: string;
  index: number;
  col: number;
}

/** Where a cell is in the window now ('' once it is gone). */
function cellPlace(cellId: string): string {
  const r = document.getElementById(cellId)?.getBoundingClientRect();
  return r ? `${r.left},${r.top}` : '';
}

/**
 * Which cell's tip shows: the hovered cell's, else the focused cell's. A scroll that moves the
 * hovered cell hides its tip (another cell is under the pointer now); the focused cell's tip moves
 * with its cell; Escape
 * (in the grid or anywhere while a tip shows) hides both until the pointer or focus moves on.
 */
function useCellTips(scrollRef: RefObject<HTMLDivElement | null>) {
  const [hovered, setHovered] = useState<(TipCell & { place: string }) | null>(null);
  const [focused, setFocused] = useState<TipCell | null>(null);
  const [, setMoved] = useState(0);
  const linger = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = hovered ?? focused;
  const stopLinger = () => clearTimeout(linger.current);
  const hideAll = useCallback(() => {
    clearTimeout(linger.current);
    setHovered(null);
    setFocused(null);
  }, []);

  useEffect(() => {
    if (!shown) return;
    const onScroll = (e: Event) => {
      if (e.target === scrollRef.current || e.target === document) setHovered((h) => (h && cellPlace(h.cellId) !== h.place ? null : h));
      setMoved((n) => n + 1);
    };
    const onResize = () => setMoved((n) => n + 1);
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') hideAll();
    };
    document.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
      document.removeEventListener('keydown', onKey);
    };
  }, [shown, scrollRef, hideAll]);
  useEffect(() => () => clearTimeout(linger.current), []);

  return {
    shown,
    hideAll,
    /** The pointer is on a cell: its tip, or none (a cell without issues lets the focused cell's tip show). */
    hover(cell: TipCell | null) {
      stopLinger();
      setHovered(cell && { ...cell, place: cellPlace(cell.cellId) });
    },
    leave() {
      stopLinger();
      linger.current = setTimeout(() => setHovered(null), TIP_LINGER_MS);
    },
    pointerOnTip(over: boolean) {
      stopLinger();
      if (!over) linger.current = setTimeout(() => setHovered(null), TIP_LINGER_MS);
    },
    focus(cell: TipCell) {
      setFocused((f) => (f?.cellId === cell.cellId ? f : cell));
    },
    blur(cellId: string) {
      setFocused((f) => (f?.cellId === cellId ? null : f));
    },
  };
}

function CellEditor({ initial, label, onDone }: { initial: string; label: string; onDone(save: boolean, value: string): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    onDone(save, ref.current?.value ?? initial);
  };
  return (
    <input
      ref={ref}
      className="cell-input"
      aria-label={label}
      defaultValue={initial}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          e.stopPropagation();
          finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          finish(false);
        }
        // Arrow keys move the caret inside the input, not the grid.
        e.stopPropagation();
      }}
      onBlur={() => finish(true)}
    />
  );
}
