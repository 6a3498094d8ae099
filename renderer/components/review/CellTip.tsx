/**
 * A grid cell's issues, twice: as the cell's accessible description (visually hidden text inside the
 * cell, which the cell's aria-describedby names) and as one floating tip for the cell under the
 * pointer or with focus. The floating tip lives outside the grid's scroll box (a portal on <body>,
 * position: fixed), so neither the grid's edge nor the window cuts it: it opens below the cell, above
 * it when there is no room below, and moves left when there is no room on the right.
 */
import { useLayoutEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ApiIssue } from '../../../core/contract/api.ts';
import { IssueName, SeverityBadge } from '../IssueBits.tsx';
import { VisibleText } from '../VisibleText.tsx';

/** Space kept between the tip and the window's edges, in CSS pixels. */
const EDGE = 4;

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Where a tip of this size goes for a cell, in window coordinates: below the cell when it fits,
 * else above it when that fits, else wherever it sticks out least; left-aligned with the cell but
 * never past the window's right or left edge.
 */
export function placeTip(cell: Box, tip: { width: number; height: number }, view: { width: number; height: number }): { top: number; left: number } {
  const below = cell.bottom;
  const above = cell.top - tip.height;
  let top: number;
  if (below + tip.height <= view.height - EDGE) top = below;
  else if (above >= EDGE) top = above;
  else top = view.height - cell.bottom > cell.top ? below : EDGE;
  const left = Math.max(EDGE, Math.min(cell.left, view.width - EDGE - tip.width));
  return { top: Math.max(EDGE, top), left };
}

/** The issue list both forms share: label and code, message, proposed fix. */
function IssueLines({ issues, render }: { issues: ApiIssue[]; render: (issue: ApiIssue) => string }) {
  const { t } = useTranslation();
  return issues.map((issue, i) => (
    <span key={i} className="tip-issue">
      <SeverityBadge severity={issue.severity} withText />
      <IssueName code={issue.code} /> <span className="tip-message">{render(issue)}</span>
      {issue.fix !== undefined && (
        <span className="tip-fix">
          {t('fixes.proposed')} <VisibleText value={issue.fix} />
        </span>
      )}
    </span>
  ));
}

/** The cell's description: read by assistive technology through the cell's aria-describedby, never shown. */
export function CellDescription({ id, issues, render }: { id: string; issues: ApiIssue[]; render: (issue: ApiIssue) => string }) {
  return (
    // aria-hidden keeps the text out of the cell's name; aria-describedby still reads it as the description.
    <span id={id} className="cell-description visually-hidden" aria-hidden="true">
      <IssueLines issues={issues} render={render} />
    </span>
  );
}

export interface TipAnchor {
  /** The id of the cell the tip belongs to. */
  cellId: string;
  issues: ApiIssue[];
}

/**
 * The one visible tip of the grid, for the anchor's cell. It is a copy of that cell's description
 * (aria-hidden: the description is already read with the cell). `onPointer` tells whether the
 * pointer is on the tip, so moving from the cell onto the tip keeps it open.
 */
export function FloatingTip({ anchor, render, onPointer }: { anchor: TipAnchor; render: (issue: ApiIssue) => string; onPointer(over: boolean): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const tip = ref.current;
    const cell = document.getElementById(anchor.cellId);
    if (!tip || !cell) return;
    const view = document.documentElement;
    const { top, left } = placeTip(cell.getBoundingClientRect(), { width: tip.offsetWidth, height: tip.offsetHeight }, { width: view.clientWidth, height: view.clientHeight });
    // Set through the CSSOM (the CSP allows it; no inline style attribute).
    tip.style.top = `${top}px`;
    tip.style.left = `${left}px`;
    tip.style.visibility = 'visible';
  });
  return createPortal(
    <div ref={ref} className="cell-tip" data-for={anchor.cellId} aria-hidden="true" onMouseEnter={() => onPointer(true)} onMouseLeave={() => onPointer(false)}>
      <IssueLines issues={anchor.issues} render={render} />
    </div>,
    document.body,
  );
}
