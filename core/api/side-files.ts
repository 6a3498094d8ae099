/**
 * The contact snapshot and field definitions a case reads beside its list (RULES.md §7), read the
 * same way whether chosen on the start screen (openFile) or loaded later: the case meta records
 * them alike, so R-F4 (`output.is_input`) and the summary see no difference.
 */
import path from 'node:path';
import type { Contact, CustomFieldDefinition } from '../model.ts';
import type { CaseMeta } from '../store/case-meta.ts';
import { loadFieldDefinitions, loadSnapshot } from '../snapshot/index.ts';
import { fatalFileIssue } from '../rules/issue.ts';
import { ApiError } from '../contract/api.ts';

/** Issues kept in the case meta per file: enough to show, never the whole of a damaged export. */
const KEPT_ISSUES = 200;

export interface SnapshotFile {
  contacts: Contact[];
  meta: NonNullable<CaseMeta['snapshot']>;
}

export interface DefinitionsFile {
  definitions: CustomFieldDefinition[];
  meta: NonNullable<CaseMeta['definitions']>;
}

/** Reads a snapshot; a file it cannot use is an ApiError naming it ("Contact snapshot: …"). */
export async function readSnapshotFile(file: string, region: string): Promise<SnapshotFile> {
  const loaded = await loadSnapshot(file, { region });
  const fatal = fatalFileIssue(loaded.issues);
  if (fatal) throw new ApiError(fatal.code, `Contact snapshot: ${fatal.message}`);
  return { contacts: loaded.contacts, meta: { fileName: path.basename(file), path: path.resolve(file), contacts: loaded.contacts.length, issues: loaded.issues.slice(0, KEPT_ISSUES) } };
}

/** Reads field definitions; a file it cannot use is an ApiError naming it ("Field definitions: …"). */
export async function readDefinitionsFile(file: string): Promise<DefinitionsFile> {
  const loaded = await loadFieldDefinitions(file);
  const fatal = fatalFileIssue(loaded.issues);
  if (fatal) throw new ApiError(fatal.code, `Field definitions: ${fatal.message}`);
  return { definitions: loaded.definitions, meta: { fileName: path.basename(file), path: path.resolve(file), count: loaded.definitions.length, issues: loaded.issues.slice(0, KEPT_ISSUES) } };
}
