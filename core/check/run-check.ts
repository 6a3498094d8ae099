/**
 * One check of a file, start to end: open it, settle channel and key, then validate and simulate
 * every row in file order through a CheckSession. Callers (CLI, jobs) receive rows through a visitor,
 * so nothing has to hold the whole file.
 */
import type { Channel, CheckedRow, Contact, CustomFieldDefinition, Issue, KeyName, RowResult } from '../model.ts';
import { DEFAULT_KEY, DEFAULT_REGION } from '../model.ts';
import { openTable, type EncodingId, type OpenedTable } from '../csv/read.ts';
import { detectChannel } from '../rules/detect-channel.ts';
import { mappedHeader, type ColumnMapping } from '../rules/headers.ts';
import { formatDateTime, formatDate } from './clock.ts';
import { acceptCodes, type FixAcceptor } from './fixes.ts';
import { CheckSession, type OutcomeCounts } from './session.ts';
import { DEFAULT_PARALLEL_MIN_BYTES, validatedInWorker, type ParallelSettings } from './parallel.ts';
import type { StoredCheckedRow } from '../codec/row-wire-format.ts';
import { READ_EVERYTHING, type OutputProfile } from '../model.ts';

export { CASE_FILE_OUTPUT, READ_EVERYTHING, type OutputProfile } from '../model.ts';
import type { ContactSource } from '../snapshot/contact-source.ts';

export interface CheckRequest {
  path: string;
  /** The file's encoding as the user chose it (R-F5); detected when absent. */
  encoding?: EncodingId;
  /** A workbook's sheet to read (R-F7); the first non-empty one when absent. */
  sheet?: string;
  /** Columns the user mapped to fields or left out (R-H8). */
  mapping?: ColumnMapping;
  channel?: Channel;
  key?: KeyName;
  region?: string;
  timeZone?: string;
  definitions?: CustomFieldDefinition[];
  /**
   * The contacts to replay against, or a promise of them: while this thread loads a large snapshot,
   * a worker (with `parallel`) validates the file's rows ahead.
   */
  snapshot?: Snapshot | Promise<Snapshot>;
  /** The import's time (`YYYY-MM-DD HH:mm:ss`); defaults to now. */
  importedAt?: string;
  /** `YYYY-MM-DD`; defaults to today. */
  today?: string;
  accept?: FixAcceptor;
  /** The codes whose fixes are accepted (`acceptCodes`): unlike `accept`, these can go to a worker. */
  fixCodes?: readonly string[];
  /** Validate in a worker thread (reading and the value checks on one core, simulation on this one). */
  parallel?: ParallelSettings;
  /** What the visitor will read of each row (default: everything, no case-file bytes): the check makes and sends only that. */
  output?: OutputProfile;
  signal?: AbortSignal;
  onProgress?: (progress: { bytesRead: number; totalBytes: number; rows: number }) => void;
}

type Snapshot = readonly Contact[] | ContactSource;

/** Batches a worker may validate ahead while this thread loads the snapshot (each about 2,000 rows). */
const AHEAD_WHILE_LOADING = 64;

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
  /**
   * `originalCells` are the cells as read; `checked.cells` have accepted fixes applied. With
   * `output.caseFile`, a row validated in the worker comes with `stored` and empty cell arrays.
   */
  onRow?(checked: CheckedRow, result: RowResult, originalCells: readonly string[], structureIssues: readonly Issue[], stored?: StoredCheckedRow): void | Promise<void>;
  /** Called after each batch of rows (a natural point to commit a transaction). */
  onBatchEnd?(): void | Promise<void>;
}

export type CheckResult = { ok: false; issue: Issue } | { ok: true; start: CheckStart; end: CheckEnd };

export async function runCheck(request: CheckRequest, visitor: CheckVisitor = {}): Promise<CheckResult> {
  const opened = await openTable(request.path, { encoding: request.encoding, sheet: request.sheet });
  if (!opened.ok) return opened;
  const table = opened.table;
  const channelDetected = request.channel === undefined;
  const channel = request.channel ?? detectChannel(mappedHeader(table.header, request.mapping));
  const key = request.key ?? DEFAULT_KEY[channel];
  const region = request.region ?? DEFAULT_REGION;
  const now = new Date();
  const importedAt = request.importedAt ?? formatDateTime(now);
  const today = request.today ?? formatDate(now);
  const accept = request.accept ?? (request.fixCodes ? acceptCodes(request.fixCodes) : undefined);
  const loading = request.snapshot instanceof Promise;
  const output = request.output ?? READ_EVERYTHING;

  // A worker validates when it can do exactly what this thread would: fixes named by code, a file big enough.
  // Not a workbook (R-F7): the worker would unzip it a second time, and unzipping is most of its reading.
  const parallel = table.sheet === undefined ? request.parallel : undefined;
  const batches = parallel && (request.accept === undefined || request.fixCodes !== undefined) && table.sizeBytes >= (parallel.minBytes ?? DEFAULT_PARALLEL_MIN_BYTES)
    ? validatedInWorker(parallel, {
      task: 'validate', path: request.path, encoding: request.encoding, header: table.header,
      session: { channel, channelDetected, key, region, timeZone: request.timeZone, definitions: request.definitions, mapping: request.mapping, importedAt, today },
      fixCodes: request.fixCodes, shareValidation: parallel.shareValidation !== false, output,
      // Without a snapshot to wait for, this thread checks the first batch itself while the worker starts.
      skipBatches: loading ? 0 : 1,
      ahead: loading ? AHEAD_WHILE_LOADING : undefined,
    }, request.signal, (bytesRead, totalBytes) => request.onProgress?.({ bytesRead, totalBytes, rows: session?.counts.rows ?? 0 }))
    : undefined;
  // The worker starts now; it validates while this thread loads the snapshot or checks the first batch.
  const fromWorker = batches?.next();
  fromWorker?.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  let session: CheckSession | undefined;
  try {
    session = new CheckSession(table.header, {
      channel, channelDetected, key, region, timeZone: request.timeZone, definitions: request.definitions, mapping: request.mapping,
      snapshot: await request.snapshot, importedAt, today, accept, output,
    });
    const start: CheckStart = { table, session, channel, channelDetected, key, region };
    await visitor.onStart?.(start);
    if (batches === undefined || fromWorker === undefined) return await checkInline(table, session, start, request, visitor);

    if (!loading) {
      // Its progress counts too: a check cancelled in this first batch still knows how far it read.
      const reader = table.records({
        signal: request.signal,
        onProgress: (bytesRead, totalBytes) => request.onProgress?.({ bytesRead, totalBytes, rows: session?.counts.rows ?? 0 }),
      })[Symbol.asyncIterator]();
      const first = await reader.next();
      await reader.return?.();
      if (!first.done) {
        for (const record of first.value) {
          const { checked, result } = session.process(record);
          const pending = visitor.onRow?.(checked, result, record.cells, record.issues);
          if (pending !== undefined) await pending;
        }
        await visitor.onBatchEnd?.();
        request.signal?.throwIfAborted();
      }
    }
    for (let step = await fromWorker; !step.done; step = await batches.next()) {
      for (const wire of step.value) {
        // A row as read (this thread had time to spare) is validated here, exactly as inline.
        const checked = wire.checked ?? session.check(wire.record);
        const result = session.simulate(checked, wire.packed);
        const pending = wire.checked
          ? visitor.onRow?.(checked, result, wire.originalCells, wire.structureIssues, wire.stored)
          : visitor.onRow?.(checked, result, wire.record.cells, wire.record.issues);
        if (pending !== undefined) await pending;
      }
      await visitor.onBatchEnd?.();
      request.signal?.throwIfAborted();
    }
    return { ok: true, start, end: { summary: session.counts, fileIssues: session.fileIssues(table.fileIssues), session } };
  } finally {
    // Ends the worker whatever happened (done, failed, cancelled).
    await batches?.return(undefined);
  }
}

/** Every row read, validated and simulated on this thread. */
async function checkInline(table: OpenedTable, session: CheckSession, start: CheckStart, request: CheckRequest, visitor: CheckVisitor): Promise<CheckResult> {
  for await (const batch of table.records({
    signal: request.signal,
    onProgress: (bytesRead, totalBytes) => request.onProgress?.({ bytesRead, totalBytes, rows: session.counts.rows }),
  })) {
    for (const record of batch) {
      const { checked, result } = session.process(record);
      const pending = visitor.onRow?.(checked, result, record.cells, record.issues);
      if (pending !== undefined) await pending;
    }
    await visitor.onBatchEnd?.();
  }
  return { ok: true, start, end: { summary: session.counts, fileIssues: session.fileIssues(table.fileIssues), session } };
}
