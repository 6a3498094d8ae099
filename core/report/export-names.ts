/**
 * The names of an export's files (`<list>.<kind>[.<country>][.partNNN].csv`), in one place: the
 * writers name files with them, and R-F4 (no output over an input) checks them before writing.
 */
import fs from 'node:fs';
import path from 'node:path';

export type ExportFileKind = 'upload-ready' | 'errors' | 'rejected' | 'snapshot' | 'conflicts' | 'profiles';

/** The list's name without its extension: what every file of its export starts with. */
export function exportBaseName(listPath: string): string {
  return path.basename(listPath).replace(/\.[^.]+$/, '') || 'list';
}

export function exportFileName(baseName: string, kind: ExportFileKind, suffix = ''): string {
  return `${baseName}.${kind}${suffix}.csv`;
}

/** Which files an export writes. */
export interface ExportPlan {
  uploadReady: boolean;
  errorReport: boolean;
  rejectedRows: boolean;
  snapshot: boolean;
  conflicts: boolean;
  /** The profile list (RULES.md §8); absent: not written. */
  profiles?: boolean;
  /** Upload-ready files split by country or every N rows: their names depend on the rows. */
  split: boolean;
}

function fixedNames(baseName: string, plan: ExportPlan): string[] {
  const names: string[] = [];
  if (plan.uploadReady) names.push(exportFileName(baseName, 'upload-ready'));
  if (plan.errorReport) names.push(exportFileName(baseName, 'errors'));
  if (plan.rejectedRows) names.push(exportFileName(baseName, 'rejected'));
  if (plan.snapshot) names.push(exportFileName(baseName, 'snapshot'));
  if (plan.conflicts) names.push(exportFileName(baseName, 'conflicts'));
  if (plan.profiles) names.push(exportFileName(baseName, 'profiles'));
  return names;
}

/** Whether the export may write a file of this name. */
function mayWriteName(baseName: string, name: string, plan: ExportPlan): boolean {
  if (fixedNames(baseName, plan).includes(name)) return true;
  const prefix = `${baseName}.upload-ready.`;
  return plan.uploadReady && plan.split && name.startsWith(prefix) && name.endsWith('.csv') && name.length > prefix.length + 4;
}

/**
 * Every path in `dir` the export may write that could matter: its fixed names, and, for split
 * files, any such name already in the folder or carried by one of `others` (the inputs).
 */
export function plannedExportPaths(dir: string, baseName: string, plan: ExportPlan, others: readonly string[]): string[] {
  const names = new Set(fixedNames(baseName, plan));
  if (plan.split) {
    let present: string[] = [];
    try {
      present = fs.readdirSync(dir);
    } catch {
      // Not there yet: nothing in it to replace.
    }
    for (const file of others) {
      present.push(path.basename(file));
      try {
        present.push(path.basename(fs.realpathSync.native(file)));
      } catch {
        // Missing input: nothing to replace.
      }
    }
    for (const name of present) if (mayWriteName(baseName, name, plan)) names.add(name);
  }
  return [...names].map((name) => path.join(dir, name));
}
