/** A line above the grid (like a spreadsheet's formula bar): the cell under focus or pointer, its value and issues. */
import { useTranslation } from 'react-i18next';
import { filterShortcutLabel } from '../../lib/keyboard.ts';
import type { ApiIssue, ColumnView, RowView } from '../../../core/contract/api.ts';
import { useIssueMessage } from '../../i18n/issue-text.ts';
import { IssueName, SeverityBadge } from '../IssueBits.tsx';
import { VisibleText } from '../VisibleText.tsx';

export interface InspectedCell {
  row: RowView;
  column: ColumnView | null;
  issues: ApiIssue[];
}

export function CellDetail({ cell }: { cell: InspectedCell | null }) {
  const { t } = useTranslation();
  const message = useIssueMessage();
  return (
    <div className="cell-detail">
      {cell === null ? (
        <>
          <span className="muted">{t('grid.detailHint')}</span>
          {/* The grid's keys, shown while no cell is inspected (the line's room is the grid's otherwise). */}
          <span className="muted small grid-help">{t('grid.help', { keys: filterShortcutLabel() })}</span>
        </>
      ) : (
        <>
          <span className="detail-where">
            {cell.column ? t('grid.detailWhere', { row: cell.row.row, column: cell.column.header }) : t('grid.detailRow', { row: cell.row.row })}
          </span>
          {cell.column && (
            <span className="detail-value">
              {(cell.row.cells[cell.column.index] ?? '') === '' ? <span className="cell-blank">{t('grid.blank')}</span> : <VisibleText value={cell.row.cells[cell.column.index] ?? ''} />}
            </span>
          )}
          {cell.issues.map((issue, i) => (
            <span key={i} className="detail-issue">
              <SeverityBadge severity={issue.severity} />
              <IssueName code={issue.code} /> {message(issue)}
            </span>
          ))}
        </>
      )}
    </div>
  );
}
