/**
 * One check of a file, start to end: open it, settle channel and key, then validate and simulate
 * every row in file order through a CheckSession. Callers (CLI, jobs) receive rows through a visitor,
 * so nothing has to hold the whole file.
 */
import type { Channel, CheckedRow, Contact, CustomFieldDefinition, Issue, KeyName, RowResult } from '../model.ts';
import { DEFAULT_KEY, DEFAULT_REGION } from '../model.ts';
import { openTable, type OpenedTable } from '../csv/read.ts';
import { detectChannel } from '../rules/detect-channel.ts';
import { formatDateTime, formatDate } from './clock.ts';
import type { FixAcceptor } from './fixes.ts';
import { CheckSession, type OutcomeCounts } from './session.ts';

export interface CheckRequest {
  path: string;
  channel?: Channel;
  key?: KeyName;
  region?: string;
  timeZone?: string;
  definitions?: CustomFieldDefinition[];
  snapshot?: readonly Contact[];
  /** The import's time (`YYYY-MM-DD HH:mm:ss`); defaults to now. */
  importedAt?: string;
  /** `YYYY-MM-DD`; defaults to today. */
  today?: string;
  accept?: FixAcceptor;
  signal?: AbortSignal;
  onProgress?: (progress: { bytesRead: number; totalBytes: number; rows: number }) => void;
}

export interface CheckStart {
  table: OpenedTable;
  session: CheckSession;
  channel: Channel;
  channelDetected: boolean;
  key: KeyName;
  region: string;
}

export interface CheckEnd {
  summary: OutcomeCounts;
  /** Every file-level issue: reading, headers, list health, notes. */
  fileIssues: Issue[];
  session: CheckSession;
}

export interface CheckVisitor {
  onStart?(start: CheckStart): void | Promise<void>;
  /** `originalCells` are the cells as read; `checked.cells` have accepted fixes applied. */
  onRow?(checked: CheckedRow, result: RowResult, originalCells: readonly string[], structureIssues: readonly Issue[]): void | Promise<void>;
  /** Called after each batch of rows (a natural point to commit a transaction). */
  onBatchEnd?(): void | Promise<void>;
}

export type CheckResult = { ok: false; issue: Issue } | { ok: true; start: CheckStart; end: CheckEnd };

export async function runCheck(request: CheckRequest, visitor: CheckVisitor = {}): Promise<CheckResult> {
  const opened = await openTable(request.path);
  if (!opened.ok) return opened;
  const table = opened.table;
  const channelDetected = request.channel === undefined;
  const channel = request.channel ?? detectChannel(table.header);
  const key = request.key ?? DEFAULT_KEY[channel];
  const region = request.region ?? DEFAULT_REGION;
  const now = new Date();
  const session = new CheckSession(table.header, {
    channel, channelDetected, key, region, timeZone: request.timeZone, definitions: request.definitions,
    snapshot: request.snapshot, importedAt: request.importedAt ?? formatDateTime(now), today: request.today ?? formatDate(now),
    accept: request.accept,
  });
  const start: CheckStart = { table, session, channel, channelDetected, key, region };
  await visitor.onStart?.(start);

  for await (const batch of table.records({
    signal: request.signal,
    onProgress: (bytesRead, totalBytes) => request.onProgress?.({ bytesRead, totalBytes, rows: session.counts.rows }),
  })) {
    for (const record of batch) {
      const { checked, result } = session.process(record);
      await visitor.onRow?.(checked, result, record.cells, record.issues);
    }
    await visitor.onBatchEnd?.();
  }
  return { ok: true, start, end: { summary: session.counts, fileIssues: session.fileIssues(table.fileIssues), session } };
}
