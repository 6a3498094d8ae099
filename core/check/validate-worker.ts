/**
 * The validation worker: reads the file and validates its rows (pure, row by row), posting them in
 * batches to the thread that simulates them in file order. Reading, decoding, tokenizing and the
 * value checks then run on one core while simulation and output run on the other.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Channel, CustomFieldDefinition, KeyName, OutputProfile } from '../model.ts';
import { BATCH_RECORDS, openTable, type EncodingId } from '../csv/read.ts';
import type { ColumnMapping } from '../rules/headers.ts';
import { acceptCodes } from './fixes.ts';
import { CheckSession } from './session.ts';
import { WireEncoder } from '../codec/row-wire.ts';
import type { WireBatch, WireCells } from '../codec/row-wire-format.ts';
import { healthKind } from '../simulate/list-health.ts';

/** What the worker needs to validate exactly as the inline check would (all of it structured-cloneable). */
export interface ValidateRequest {
  task: 'validate';
  path: string;
  /** The encoding the user chose, if any (the caller's read and this one must agree). */
  encoding?: EncodingId;
  /** The header the caller read, to notice a file that changed in between. */
  header: readonly string[];
  session: {
    channel: Channel;
    channelDetected: boolean;
    key: KeyName;
    region: string;
    timeZone?: string;
    definitions?: CustomFieldDefinition[];
    mapping?: ColumnMapping;
    importedAt: string;
    today: string;
  };
  /** Codes whose fixes are accepted (`acceptCodes`), when any. */
  fixCodes?: readonly string[];
  /**
   * What the receiving side reads: each row's cells (exports need them, the case file as its JSON, the
   * report not at all) and the issues' messages (without: the receiving side words those it shows, issueMessage).
   */
  output: Pick<OutputProfile, 'cells' | 'messages' | 'caseFile'>;
  /** Let the receiving side validate batches itself while it would otherwise wait. */
  shareValidation?: boolean;
  /** Batches of records the receiving side reads and checks itself (the first ones): not sent. */
  skipBatches?: number;
  /** How many batches the worker may be ahead of the receiving side (default BATCHES_AHEAD). */
  ahead?: number;
}

/** How a batch carries each row's cells for what the receiving side reads. */
function wireCells(output: ValidateRequest['output']): WireCells {
  return output.caseFile ? 'json' : output.cells ? 'arrays' : 'none';
}

export type ValidateMessage =
  | { type: 'start'; fields: string[] }
  | { type: 'batch'; batch: WireBatch; bytesRead: number; totalBytes: number }
  | { type: 'done' }
  | { type: 'failed'; error: string };

/** The simulating side acknowledges each batch; the worker stays at most this many ahead. */
export const BATCHES_AHEAD = 8;

/** Records read at a time; a batch sent is BATCH_RECORDS (a multiple). */
const PIECE_RECORDS = 500;

export async function runValidateWorker(port: MessagePort, request: ValidateRequest): Promise<void> {
  const ahead = request.ahead ?? BATCHES_AHEAD;
  let credits = ahead;
  let wake: (() => void) | undefined;
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'ack') return;
    credits++;
    wake?.();
  });
  const post = (message: ValidateMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  try {
    const opened = await openTable(request.path, { encoding: request.encoding });
    if (!opened.ok) throw new Error(opened.issue.message);
    const table = opened.table;
    if (table.header.length !== request.header.length || table.header.some((h, i) => h !== request.header[i])) {
      throw new Error(`"${request.path}" changed while it was being checked. Check it again.`);
    }
    const session = new CheckSession(table.header, { ...request.session, accept: acceptCodes(request.fixCodes ?? []), output: request.output });
    const fields = session.analysis.columns.filter((c) => c.field !== undefined && c.status !== 'skipped').map((c) => c.field!);
    post({ type: 'start', fields });
    const encoder = new WireEncoder(fields, wireCells(request.output), { channel: request.session.channel, healthKind }, request.output.messages);
    let bytesRead = 0;
    const send = async () => {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      credits--;
      const batch = encoder.take();
      post({ type: 'batch', batch, bytesRead, totalBytes: table.sizeBytes }, [batch.ints.buffer as ArrayBuffer, batch.narrow.buffer as ArrayBuffer, batch.wide.buffer as ArrayBuffer, batch.packed.buffer as ArrayBuffer, batch.stored.buffer as ArrayBuffer]);
    };
    // Read in pieces smaller than the batches sent: a piece's records die before the garbage
    // collector runs again more often than a whole batch's would (which it then copies).
    let skip = (request.skipBatches ?? 0) * (BATCH_RECORDS / PIECE_RECORDS);
    for await (const records of table.records({ batchRecords: PIECE_RECORDS, onProgress: (read) => (bytesRead = read) })) {
      if (skip > 0) {
        skip--;
        continue;
      }
      // When the other side has (almost) nothing queued it has time to spare: it validates these
      // rows itself. Otherwise it is busy and they are validated here. The load balances itself.
      if (request.shareValidation && credits >= ahead - 1) for (const record of records) encoder.addRecord(record);
      else for (const record of records) encoder.add(session.check(record), record.cells, record.issues.length);
      if (encoder.rows >= BATCH_RECORDS) await send();
    }
    if (encoder.rows > 0) await send();
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  }
}
