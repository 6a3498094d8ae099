/**
 * R-H8 in the fix log: applying a column mapping is logged as a `mapping` entry holding the mapping
 * before and after, so undo and redo put one back and the case is checked again. The entry has no
 * cell edits; the rest of the fix log (fix-engine.ts) never sees its kind.
 */
import type { LoggedFix, MappingChange } from '../contract/api.ts';
import type { CaseMeta } from '../store/case-meta.ts';

type Mapping = Record<string, string | null>;

const sameMapping = (a: Mapping, b: Mapping) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([column, field]) => Object.prototype.hasOwnProperty.call(b, column) && b[column] === field);

/** The fix-log entry for setting `after` as the case's mapping; undefined when it changes nothing. */
export function mappingChange(meta: CaseMeta, after: Mapping): { fix: MappingChange; description: string; changedRows: number } | undefined {
  const before = meta.mapping ?? {};
  if (sameMapping(before, after)) return undefined;
  const columns = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [...columns].filter((column) => before[column] !== after[column]).length;
  // changedRows counts columns here, as a header rename's entry does.
  return { fix: { kind: 'mapping', before: { ...before }, after: { ...after } }, description: `Mapped columns (${changed} ${changed === 1 ? 'column' : 'columns'} changed)`, changedRows: changed };
}

/** Sets the case's mapping (an empty one clears it). */
export function setMapping(meta: CaseMeta, mapping: Mapping): void {
  if (Object.keys(mapping).length === 0) delete meta.mapping;
  else meta.mapping = { ...mapping };
}

/**
 * Undo or redo of a logged entry, when it is a mapping change: puts back the mapping before (undo) or
 * after (redo) and says so; the caller then re-checks the whole list. False for any other entry.
 */
export function toggleMapping(meta: CaseMeta, fix: unknown, direction: 'undo' | 'redo'): boolean {
  const logged = fix as LoggedFix | undefined;
  if (logged?.kind !== 'mapping') return false;
  setMapping(meta, direction === 'undo' ? logged.before : logged.after);
  return true;
}
