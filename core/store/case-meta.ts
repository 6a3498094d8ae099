/** What a case remembers besides its rows: the source, the options, and what was loaded. */
import { CHANNELS, KEY_NAMES, type Channel, type EncodingId, type Issue, type KeyName } from '../model.ts';
import type { UnifyKey } from '../unify/index.ts';

export interface CaseMeta {
  fileName: string;
  sourcePath: string;
  /** SHA-256 of the source file as read, so a colleague can tell which file a case was made from. */
  sourceHash: string;
  encoding: string;
  /** The encoding the file was read in (absent in cases saved before it was kept). */
  encodingId?: EncodingId;
  /** The encoding the user chose when opening the file (R-F5); absent: detected. */
  encodingChosen?: EncodingId;
  /** Other encodings that read the file about as well, as detected (R-F5). */
  encodingAlternatives?: EncodingId[];
  delimiter: string;
  /** A workbook's sheet that was read (R-F7); absent for a CSV. */
  sheet?: string;
  /** The sheet the user chose when opening the workbook (R-F7); absent: the first with rows. */
  sheetChosen?: string;
  /** A workbook's sheets that hold rows, in tab order (the ones the app offers). */
  sheets?: string[];
  /** The header as read. */
  sourceHeader: string[];
  /** The header with accepted renames (R-H2); what the checks read. */
  header: string[];
  /** Columns the user mapped to fields or left out (R-H8), by header; absent: none. */
  mapping?: Record<string, string | null>;
  channel: Channel;
  channelDetected: boolean;
  key: KeyName;
  /** False while the key follows the channel's default (it changes with the detected channel). */
  keyChosen: boolean;
  region: string;
  timeZone?: string;
  unifyKeys: UnifyKey[];
  state: 'checking' | 'ready' | 'failed';
  /**
   * False from opening the file until its first check has stored every row; a case found
   * 'checking' with this false was interrupted mid-file and is checked again from the file.
   * Absent in cases saved before it existed.
   */
  fileChecked?: boolean;
  /** Why the last check failed, in words. */
  failure?: string;
  /** Set when the last check was cancelled or failed: how far it got (RULES.md §8, only a complete check is exported). */
  incomplete?: CheckGap;
  rows: number;
  /** The import's time used for simulated contacts. */
  importedAt: string;
  today: string;
  /** `path`: where it was loaded from, so no output replaces it (R-F4); absent in cases saved before. */
  snapshot: { fileName: string; path?: string; contacts: number; issues: Issue[] } | null;
  definitions: { fileName: string; path?: string; count: number; issues: Issue[] } | null;
  unifyRan: boolean;
}

/**
 * How far a check that did not finish got. A first check that stopped mid-file does not know the
 * file's row count, only how many of its bytes were read; a re-check knows both counts.
 */
export interface CheckGap {
  reason: 'cancelled' | 'failed';
  checkedRows: number;
  totalRows?: number;
  bytesRead?: number;
  totalBytes?: number;
}

export const META_KEY = 'case';

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);

/** Whether a case file's meta has what reopening it needs (a damaged or foreign file may not). */
export function isCaseMeta(value: unknown): value is CaseMeta {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const meta = value as Record<string, unknown>;
  return isText(meta.fileName) && isText(meta.sourcePath) && isTextList(meta.header) && isTextList(meta.sourceHeader)
    && (CHANNELS as readonly unknown[]).includes(meta.channel) && (KEY_NAMES as readonly unknown[]).includes(meta.key)
    && isText(meta.region) && isTextList(meta.unifyKeys) && ['checking', 'ready', 'failed'].includes(meta.state as string)
    && typeof meta.rows === 'number' && isText(meta.importedAt) && isText(meta.today);
}
