/** What a case remembers besides its rows: the source, the options, and what was loaded. */
import type { Channel, Issue, KeyName } from '../model.ts';
import type { UnifyKey } from '../unify/index.ts';

export interface CaseMeta {
  fileName: string;
  sourcePath: string;
  /** SHA-256 of the source file as read, so a colleague can tell which file a case was made from. */
  sourceHash: string;
  encoding: string;
  delimiter: string;
  /** The header as read. */
  sourceHeader: string[];
  /** The header with accepted renames (R-H2); what the checks read. */
  header: string[];
  channel: Channel;
  channelDetected: boolean;
  key: KeyName;
  /** False while the key follows the channel's default (it changes with the detected channel). */
  keyChosen: boolean;
  region: string;
  timeZone?: string;
  unifyKeys: UnifyKey[];
  state: 'checking' | 'ready' | 'failed';
  /** Why the last check failed, in words. */
  failure?: string;
  rows: number;
  /** The import's time used for simulated contacts. */
  importedAt: string;
  today: string;
  snapshot: { fileName: string; contacts: number; issues: Issue[] } | null;
  definitions: { fileName: string; count: number; issues: Issue[] } | null;
  unifyRan: boolean;
}

export const META_KEY = 'case';
