/**
 * Accepting a fix, undoing or redoing one, as a job. Everything it writes goes into ONE transaction
 * of the case file: the fix log's entry (recordFix or markFix), the rows it edits and re-simulates,
 * and the case meta. Cancel rolls it back and a kill leaves it uncommitted, so a case has either
 * the fix and its log entry, or neither (never "Accepted every fix" over unchanged rows).
 */
import type { Fix } from '../contract/api.ts';
import type { Contact } from '../model.ts';
import { applyEdits, describeFix, editsFor, fixAllInOnePass, HEADER_ROW } from './fix-engine.ts';
import type { CellEdit } from '../codec/cell-edits.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { RowRecord } from '../store/row-types.ts';
import { META_KEY, type CaseMeta } from '../store/case-meta.ts';
import type { JobContext } from './job-context.ts';
import { toggleMapping } from './mapping-edit.ts';

export type FixAction = { kind: 'apply'; fix: Fix } | { kind: 'undo' } | { kind: 'redo' };

/** A fix job's result: rows whose cells changed, and whether a header changed (the caller re-checks every row). */
export interface FixResult {
  changedRows: number;
  headerChanged: boolean;
}

/** `snapshot`: the case's snapshot contacts when the caller keeps them (the window's thread does), else read here. */
export async function fixTask(store: CaseStore, action: FixAction, ctx: JobContext, snapshot: readonly Contact[] = store.contacts()): Promise<FixResult> {
  const meta = store.getMeta<CaseMeta>(META_KEY);
  if (!meta) throw new Error('This case file has no case information; it may be damaged. Open the list again to make a new case.');
  ctx.progress(0, 1, 'Starting…');
  return store.transaction(async () => {
    let result: FixResult;
    let edits: CellEdit[];
    const inOnePass = action.kind === 'apply' && action.fix.kind === 'code' ? await fixAllInOnePass(store, meta, action.fix, snapshot, ctx) : undefined;
    if (action.kind === 'apply' && inOnePass !== undefined) {
      if (inOnePass.length === 0) return { changedRows: 0, headerChanged: false };
      edits = inOnePass;
      store.recordFix({ description: describeFix(action.fix, edits), fix: action.fix, cells: edits, changedRows: changedRowsOf(edits) });
      result = { changedRows: changedRowsOf(edits), headerChanged: false };
    } else if (action.kind === 'apply') {
      const read = new Map<number, RowRecord>();
      edits = editsFor(store, meta, action.fix, read);
      if (edits.length === 0) return { changedRows: 0, headerChanged: false };
      // Logged first: the re-check must know which cells this fix converted (R-V7 time zones).
      store.recordFix({ description: describeFix(action.fix, edits), fix: action.fix, cells: edits, changedRows: changedRowsOf(edits) });
      result = await applyEdits(store, meta, edits, 'after', snapshot, ctx, read);
    } else {
      const entry = store.fixToToggle(action.kind);
      if (!entry) return { changedRows: 0, headerChanged: false };
      store.markFix(entry.id, action.kind === 'undo');
      // A mapping change (R-H8) has no cell edits: its mapping goes back and every row is checked again.
      if (toggleMapping(meta, entry.fix, action.kind)) {
        store.setMeta(META_KEY, meta);
        return { changedRows: 0, headerChanged: true };
      }
      result = await applyEdits(store, meta, entry.cells, action.kind === 'undo' ? 'before' : 'after', snapshot, ctx);
      edits = entry.cells;
    }
    store.setMeta(META_KEY, meta);
    return { changedRows: changedRowsOf(edits), headerChanged: result.headerChanged };
  });
}

/** The rows a fix changes, as its log entry counts them: the columns renamed for a header fix. */
function changedRowsOf(edits: readonly CellEdit[]): number {
  const headerEdits = edits.filter((e) => e.row === HEADER_ROW).length;
  return headerEdits > 0 ? headerEdits : new Set(edits.map((e) => e.row)).size;
}
