/**
 * An in-memory ListPrepBridge for component tests (`transport: 'fake'`). It holds one small, messy
 * WhatsApp list modeled on test/fixtures/whatsapp-from-excel.csv and checks it with a few hard-wired
 * rules, enough for the UI to show real codes, fixes, outcomes, before/after values and a conflict.
 * It is not the core: rules here are simplified, and only this sample's damage is recognized.
 *
 * Every input and output goes through the contract's zod schemas, so a UI call the real Api would
 * reject fails here too. Jobs end after a couple of ticks (or when a test calls `advanceJobs`).
 */
import {
  apiContract,
  ApiError,
  type ApiContract,
  type ApiMethod,
  type CaseSummary,
  type ColumnView,
  type ConflictView,
  type ProfileListItem,
  type EditPreview,
  type Fix,
  type LoggedFix,
  type FixJobResult,
  type Job,
  type RowFilter,
  type RowView,
  type ApiIssue,
} from '../../core/contract/api.ts';
import type { ListPrepBridge, PickPurpose } from '../../core/contract/transport.ts';
import { makeIssue } from '../../core/rules/issue.ts';
import { SKIP_CODES, type IssueCode } from '../../core/rules/codes.ts';
import { TEMPLATES } from '../../core/rules/templates.ts';
import type { z } from 'zod';
import { DEFAULT_KEY, emptyOutcomeCounts, emptySeverityCounts, OUTCOMES, SEVERITY_RANK, UNIFY_KEYS, type Channel, type EncodingId, type KeyName as Key } from '../../core/model.ts';

type In<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
type Out<M extends ApiMethod> = z.input<ApiContract[M]['output']>;

/** The sample: whatsapp-from-excel.csv with a `tags` header (an alias of `tag`) and an unknown `note` column. */

/** English names of the encodings, as the core labels them. */
const ENCODING_NAMES_EN: Record<EncodingId, string> = {
  'utf-8': 'UTF-8', 'utf-16le': 'UTF-16 LE', 'utf-16be': 'UTF-16 BE', big5: 'Big5 (Traditional Chinese)', gb18030: 'GB18030 (Simplified Chinese)',
  shift_jis: 'Shift_JIS (Japanese)', 'windows-874': 'Windows-874 (Thai)', 'windows-1252': 'Windows-1252 (Western European)',
};
export const SAMPLE_HEADER = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'gender', 'customer_id', 'mobile', 'birthday', 'tags', 'note'];
export const SAMPLE_ROWS: string[][] = [
  ['933111222', 'opted_in', '陳美玲', 'F', 'M-0001', '933111222', '1988/7/9', '會員,台北', ''],
  ['8.86933E+11', 'opted_in', '林志明', 'male', 'M-0002', '', '1979-13-01', 'VIP', ''],
  ['0955 666 777', '', '張雅婷', 'female', 'M-0003', '', '', '', ''],
  ['+886955666778', 'Opted In', '王大同', '男', 'M-0004', '0955666778', '78/05/20', '新客，VIP', ''],
  ['+85261234567', 'opted_in', 'Chan Tai Man', 'male', 'M-0005', '', '', '', 'call \u202Eevening'],
  ['0955666777', 'opted_out', '張雅婷', 'female', 'M-0003', '', '', '', ''],
];

/** contacts-snapshot.csv, as the fake's loadSnapshot reads any path. */
interface SnapshotContact {
  id: string;
  channel: 'line' | 'email' | 'whatsapp' | 'sms';
  fields: Record<string, string>;
}
export const SAMPLE_SNAPSHOT: SnapshotContact[] = [
  { id: 'L1', channel: 'line', fields: { line_uid: 'U7c9e1a2b3c4d5e6f708192a3b4c5d6e7', phone: '0933111222', customer_id: 'M-0001', name: '美玲' } },
  { id: 'E1', channel: 'email', fields: { email: 'meiling.chen@gmail.com', mobile: '0933111222', display_name: '陳美玲', messaging_status: 'unsubscribed' } },
  { id: 'W1', channel: 'whatsapp', fields: { WhatsApp_mobile: '+886955666777', customer_id: 'M-0003', display_name: '張雅婷', messaging_status: 'opted_out' } },
  { id: 'S1', channel: 'sms', fields: { phone: '0955666778', customer_id: 'M-0009' } },
];

const ALIASES: Record<string, string> = { tags: 'tag', tag: 'tags', status: 'messaging_status', name: 'display_name', display_name: 'name', phone: 'mobile', mobile: 'phone' };
const KEY_FIELD: Record<Channel, Record<Key, string>> = {
  whatsapp: { phone: 'WhatsApp_mobile', email: 'email', customer_id: 'customer_id', line_uid: 'line_uid' },
  email: { phone: 'mobile', email: 'email', customer_id: 'customer_id', line_uid: 'line_uid' },
  line: { phone: 'phone', email: 'email', customer_id: 'customer_id', line_uid: 'line_uid' },
};
const PRIMARY_KEY: Record<SnapshotContact['channel'], string> = { line: 'line_uid', email: 'email', whatsapp: 'WhatsApp_mobile', sms: 'phone' };

interface FakeCase {
  caseId: string;
  fileName: string;
  sourcePath: string;
  header: string[];
  cells: string[][];
  channel: Channel;
  channelDetected: boolean;
  key: Key;
  region: string;
  timeZone?: string;
  /** The column mapping (R-H8), by header. */
  mapping?: Record<string, string | null>;
  /** The encoding chosen when opening (R-F5); absent: UTF-8 as detected. */
  encoding?: EncodingId;
  unifyKeys: CaseSummary['unifyKeys'];
  snapshot: { fileName: string; contacts: SnapshotContact[] } | null;
  definitions: { fileName: string; count: number } | null;
  /** Rows checked so far: rows appear while the check job runs. */
  checkedRows: number;
  state: CaseSummary['state'];
  /** Like the real service: set when a check is cancelled, cleared when one finishes. */
  incomplete: CaseSummary['incomplete'];
  /** Whether a first check ever stored every row (Check again then re-reads the file). */
  fileChecked: boolean;
  /** Rows the user excluded from the upload-ready file. */
  excluded: Set<number>;
  undo: Array<{ header: string[]; cells: string[][]; mapping?: Record<string, string | null>; excluded: Set<number>; logId: number }>;
  redo: Array<{ header: string[]; cells: string[][]; mapping?: Record<string, string | null>; excluded: Set<number>; logId: number }>;
  log: Array<{ id: number; at: string; description: string; fix: LoggedFix; changedRows: number; undone: boolean }>;
  unification: { profiles: number; contacts: number; conflicts: ConflictView[]; list: ProfileListItem[]; terms: string[][] } | null;
  /** An .xlsx path reads as a workbook with two sheets of rows (R-F7). */
  sheet?: string;
  sheets?: string[];
}

/** The sheets with rows of any .xlsx the fake opens. */
export const SAMPLE_SHEETS = ['March', 'April'];

interface CheckedRow extends RowView {
  changes: Array<{ field: string; from: string; to: string }>;
  contactBefore: Record<string, string> | null;
}

interface Checked {
  columns: ColumnView[];
  fileIssues: ApiIssue[];
  rows: CheckedRow[];
}

export interface FakeOptions {
  /** Milliseconds between job steps (default 5). */
  tickMs?: number;
  /** Jobs stay running until `advanceJobs()` is called (for progress and cancel tests). */
  holdJobs?: boolean;
  transport?: 'fake' | 'web' | 'electron';
  /** Rows an edit's preview looks at, at most (as the service's previewRowBound): past it the preview is a lower bound. */
  previewRowBound?: number;
}

export interface FakeCall {
  method: string;
  input: unknown;
}

export interface FakeBridge extends ListPrepBridge {
  /** Every call, in order, with its (parsed) input. */
  readonly calls: FakeCall[];
  callsOf(method: string): unknown[];
  /** What the next pickFile/pickFolder/pickSavePath resolves to; null simulates Cancel. */
  picks: { list: string | null; snapshot: string | null; definitions: string | null; case: string | null; folder: string | null; save: string | null };
  /** The browser bridge's upload of a dropped file (see renderer/api/open-dropped.ts). */
  uploadFile(file: File, purpose: PickPurpose): Promise<string>;
  /** Moves every running job one step on (with holdJobs). */
  advanceJobs(): void;
  /** Runs every job to its end (with holdJobs). */
  finishJobs(): void;
  /** Rows the fake holds (tests compare what the UI shows). */
  caseRows(caseId: string): string[][];
}

const clone = (rows: string[][]) => rows.map((r) => r.slice());
const basename = (path: string) => path.split(/[\\/]/).pop() ?? path;

// ---------------------------------------------------------------- the sample's rules

/** E.164 of the sample's phone forms (TW national or +886/+852); undefined when not valid here. */
function e164(value: string): string | undefined {
  const v = value.replace(/[\s\-.()]/g, '');
  if (/^09\d{8}$/.test(v)) return `+886${v.slice(1)}`;
  if (/^\+8869\d{8}$/.test(v)) return v;
  if (/^\+852\d{8}$/.test(v)) return v;
  return undefined;
}

function checkPhone(value: string, region: string, at: Loc): ApiIssue[] {
  const v = value.trim();
  if (/^\d+(\.\d+)?E\+\d+$/i.test(v)) return [issue('phone.scientific', at)];
  if (/^9\d{8}$/.test(v)) return [issue('phone.leading_zero_lost', { ...at, fix: `+886${v}` })];
  if (/^\+852\d{8}$/.test(v)) return [issue('phone.other_region', at, { country: 'HK', region })];
  const normalized = e164(v);
  if (normalized && /[\s\-.()]/.test(v)) return [issue('phone.format', { ...at, fix: normalized })];
  if (normalized) return [];
  return [issue('phone.invalid', at, { region })];
}

const STATUS_ALLOWED: Record<Channel, readonly string[]> = {
  whatsapp: ['opted_in', 'opted_out', 'not_subscribed'],
  email: ['subscribed', 'unsubscribed', 'hard_bounce', 'spam_report'],
  line: [],
};

function checkStatus(value: string, channel: Channel, at: Loc): ApiIssue[] {
  const allowed = STATUS_ALLOWED[channel];
  if (value === '') return channel === 'whatsapp' ? [issue('status.missing', at)] : [issue('required.missing', at)];
  if (allowed.includes(value)) return [];
  const guess = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return [issue('status.invalid', allowed.includes(guess) ? { ...at, fix: guess } : at, { allowed: allowed.join(', ') })];
}

const GENDER_SYNONYMS: Record<string, string> = { F: 'female', M: 'male', Female: 'female', Male: 'male', 女: 'female', 男: 'male', 其他: 'unknown' };
function checkGender(value: string, at: Loc): ApiIssue[] {
  if (value === '' || ['female', 'male', 'unknown'].includes(value)) return [];
  const fix = GENDER_SYNONYMS[value.trim()];
  return [issue('gender.invalid', fix ? { ...at, fix } : at)];
}

const pad = (n: number) => String(n).padStart(2, '0');
function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
function checkDate(value: string, at: Loc): ApiIssue[] {
  if (value === '') return [];
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m && realDate(+m[1], +m[2], +m[3])) return [];
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(value);
  if (m && realDate(+m[1], +m[2], +m[3])) return [issue('date.invalid', { ...at, fix: `${m[1]}-${pad(+m[2])}-${pad(+m[3])}` })];
  m = /^(\d{2,3})[/.](\d{1,2})[/.](\d{1,2})$/.exec(value);
  if (m && realDate(+m[1] + 1911, +m[2], +m[3])) return [issue('date.invalid', { ...at, fix: `${+m[1] + 1911}-${pad(+m[2])}-${pad(+m[3])}` })];
  return [issue('date.invalid', at)];
}

function checkTags(value: string, at: Loc): ApiIssue[] {
  if (!/[，、]/.test(value)) return [];
  return [issue('tag.separator', { ...at, fix: value.replace(/[，、]/g, ',') })];
}

type Loc = { row?: number; column?: string; columnIndex?: number; field?: string; value?: string; fix?: string };
function issue(code: IssueCode, at: Loc, params: Record<string, string | number> = {}): ApiIssue {
  return makeIssue(code, at, params);
}

function worst(issues: ApiIssue[]): RowView['severity'] {
  let best: RowView['severity'];
  for (const i of issues) if (!best || SEVERITY_RANK[i.severity] > SEVERITY_RANK[best]) best = i.severity;
  return best;
}

function mapColumns(c: FakeCase): { columns: ColumnView[]; fileIssues: ApiIssue[] } {
  const fields = TEMPLATES[c.channel].fields.map((f) => f.name);
  const fileIssues: ApiIssue[] = [];
  if (c.channelDetected) fileIssues.push(issue('file.channel_detected', {}, { channel: c.channel, key: c.key }));
  const columns = c.header.map((header, index): ColumnView => {
    if (fields.includes(header)) return { index, header, field: header, status: 'field' };
    if (header.startsWith('cl_custom_')) {
      fileIssues.push(issue('custom.undefined', { column: header, columnIndex: index }));
      return { index, header, field: header, status: 'custom' };
    }
    const alias = ALIASES[header];
    if (alias && fields.includes(alias)) {
      fileIssues.push(issue('header.alias', { column: header, columnIndex: index, fix: alias }));
      return { index, header, status: 'skipped', rename: alias };
    }
    fileIssues.push(issue('header.unknown', { column: header, columnIndex: index }, { channel: TEMPLATES[c.channel].label }));
    return { index, header, status: 'skipped' };
  });
  for (const f of TEMPLATES[c.channel].fields) {
    if (f.required && !c.header.includes(f.name)) {
      fileIssues.push(issue('header.missing_required', { field: f.name }, { consequence: 'every row fails.' }));
    }
  }
  const keyField = KEY_FIELD[c.channel][c.key];
  if (!c.header.includes(keyField)) fileIssues.push(issue('key.column_missing', { field: keyField }, { key: c.key }));
  return { columns, fileIssues };
}

function identityOf(fields: Record<string, string>, key: Key, channel: Channel): string | undefined {
  const value = fields[KEY_FIELD[channel][key]] ?? '';
  if (value.trim() === '') return undefined;
  if (key === 'phone') return e164(value) ?? value;
  if (key === 'email') return value.trim().toLowerCase();
  return value.trim();
}

function check(c: FakeCase): Checked {
  const { columns, fileIssues } = mapColumns(c);
  const keyField = KEY_FIELD[c.channel][c.key];
  const seenKeys = new Map<string, number>();
  const created = new Map<string, Record<string, string>>();
  const rows: CheckedRow[] = [];
  let notOptedIn = 0;
  let optedOut = 0;
  let notSubscribed = 0;

  c.cells.forEach((cells, i) => {
    const row = i + 2;
    const issues: ApiIssue[] = [];
    const fields: Record<string, string> = {};
    columns.forEach((col) => {
      if (!col.field || col.status === 'skipped') return;
      const value = cells[col.index] ?? '';
      fields[col.field] = value;
      const at: Loc = { row, column: col.header, columnIndex: col.index, field: col.field, value };
      const spec = TEMPLATES[c.channel].fields.find((f) => f.name === col.field);
      if (value !== value.trim() && value.trim() !== '') issues.push(issue('cell.whitespace', { ...at, fix: value.trim() }));
      switch (spec?.kind) {
        case 'phone':
          if (value.trim() === '') {
            if (col.field === keyField) issues.push(issue('key.missing', at));
          } else issues.push(...checkPhone(value, c.region, at));
          break;
        case 'status':
          issues.push(...checkStatus(value, c.channel, at));
          break;
        case 'gender':
          issues.push(...checkGender(value, at));
          break;
        case 'date':
          issues.push(...checkDate(value, at));
          break;
        case 'tags':
          issues.push(...checkTags(value, at));
          break;
        default:
          if (col.field === keyField && value.trim() === '') issues.push(issue('key.missing', at));
      }
    });
    if (c.channel === 'whatsapp' && fields.messaging_status !== 'opted_in') {
      notOptedIn++;
      if (fields.messaging_status === 'opted_out') optedOut++;
      if (fields.messaging_status === 'not_subscribed') notSubscribed++;
    }

    const keyValue = identityOf(fields, c.key, c.channel);
    const keyColumn = columns.find((col) => col.field === keyField);
    if (keyValue !== undefined) {
      const firstRow = seenKeys.get(keyValue);
      if (firstRow !== undefined && keyColumn) {
        issues.push(issue('key.duplicate_in_file', { row, column: keyColumn.header, columnIndex: keyColumn.index, field: keyField, value: fields[keyField] }, { firstRow }));
      } else seenKeys.set(keyValue, row);
    }

    let outcome: RowView['outcome'] = 'create';
    const changes: CheckedRow['changes'] = [];
    let contactBefore: CheckedRow['contactBefore'] = null;
    let contactId: string | undefined;
    const errors = issues.filter((x) => x.severity === 'error');
    if (errors.length > 0) {
      outcome = errors.some((x) => SKIP_CODES.has(x.code)) ? 'skip' : 'fail';
    } else if (keyValue !== undefined) {
      const match = c.snapshot?.contacts.find((ct) => ct.channel === c.channel && identityOf(ct.fields, c.key, c.channel) === keyValue);
      const before = match ? match.fields : created.get(keyValue);
      if (before) {
        contactBefore = { ...before };
        contactId = match?.id ?? `new-${keyValue}`;
        for (const [field, to] of Object.entries(fields)) {
          const from = before[field] ?? '';
          if (to.trim() === '' || field === keyField) continue;
          if (field === PRIMARY_KEY[match?.channel ?? c.channel] && from !== '' && from !== to) {
            issues.push(issue('update.primary_key_ignored', { row, field, value: to }, { contactId, from }));
            continue;
          }
          if (from !== to) changes.push({ field, from, to });
        }
        if (before.messaging_status === 'opted_out' && fields.messaging_status === 'opted_in') {
          const col = columns.find((x) => x.field === 'messaging_status');
          issues.push(issue('update.wa_reoptin', { row, column: col?.header, columnIndex: col?.index, field: 'messaging_status', value: 'opted_in' }, { contactId }));
        }
        outcome = changes.length > 0 ? 'update' : 'unchanged';
        created.set(keyValue, { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== '')) });
      } else {
        contactId = `new-${keyValue}`;
        created.set(keyValue, { ...fields });
      }
    }
    rows.push({ row, cells: cells.slice(), outcome, contactId, severity: worst(issues), issues, changes, contactBefore });
  });

  if (c.channel === 'whatsapp' && notOptedIn > 0) {
    fileIssues.push(issue('risk.wa_not_opted_in', {}, { count: notOptedIn, rows: c.cells.length, optedOut, notSubscribed }));
  }
  return { columns, fileIssues, rows };
}

/** `excluded`: the case's excluded rows, for the "excluded rows only" filter. */
function matches(row: RowView, filter: RowFilter, excluded: ReadonlySet<number>): boolean {
  if (filter.excluded && !excluded.has(row.row)) return false;
  if (filter.outcome && row.outcome !== filter.outcome) return false;
  if (filter.severity && !row.issues.some((i) => i.severity === filter.severity)) return false;
  if (filter.code && !row.issues.some((i) => i.code === filter.code)) return false;
  if (filter.columnIndex !== undefined && !row.issues.some((i) => i.columnIndex === filter.columnIndex)) return false;
  if (filter.text) {
    const needle = filter.text.toLowerCase();
    if (!row.cells.some((cell) => cell.toLowerCase().includes(needle))) return false;
  }
  return true;
}


// ---------------------------------------------------------------- spreadsheet-like edits

/** The cell edits of a replace, set or exclude, as the real edit-kinds.ts works them out (col -1: the excluded flag). */
function fakeEdits(c: FakeCase, fix: Fix): Array<{ row: number; col: number; after: string }> {
  const out: Array<{ row: number; col: number; after: string }> = [];
  const rows = check(c).rows.slice(0, c.checkedRows);
  if (fix.kind === 'replace') {
    if (fix.columnIndex !== undefined && fix.columnIndex >= c.header.length) throw new ApiError('input.invalid', 'No such column.');
    const fold = (t: string) => (fix.matchCase ? t : t.replace(/[A-Z]/g, (m) => m.toLowerCase()));
    const needle = fold(fix.find);
    for (const r of rows) {
      c.cells[r.row - 2].forEach((cell, col) => {
        if (fix.columnIndex !== undefined && col !== fix.columnIndex) return;
        const hay = fold(cell);
        let after: string | undefined;
        if (fix.wholeCell) after = hay === needle ? fix.replace : undefined;
        else if (hay.includes(needle)) after = hay.split(needle).reduce<{ text: string; at: number }>((acc, part, i) => ({ text: acc.text + (i > 0 ? fix.replace : '') + cell.slice(acc.at, acc.at + part.length), at: acc.at + part.length + needle.length }), { text: '', at: 0 }).text;
        if (after !== undefined && after !== cell) out.push({ row: r.row, col, after });
      });
    }
  } else if (fix.kind === 'set') {
    if (fix.columnIndex >= c.header.length) throw new ApiError('input.invalid', 'No such column.');
    for (const r of rows) if (matches(r, fix.filter, c.excluded) && (c.cells[r.row - 2][fix.columnIndex] ?? '') !== fix.value) out.push({ row: r.row, col: fix.columnIndex, after: fix.value });
  } else if (fix.kind === 'exclude') {
    if (!fix.rows && !fix.filter) throw new ApiError('input.invalid', 'Say which rows.');
    for (const n of fix.rows ?? []) if (!rows.some((r) => r.row === n)) throw new ApiError('input.invalid', `There is no row ${n}.`);
    const chosen = fix.rows ? rows.filter((r) => fix.rows!.includes(r.row)) : rows.filter((r) => matches(r, fix.filter!, c.excluded));
    for (const r of chosen) if (c.excluded.has(r.row) !== fix.excluded) out.push({ row: r.row, col: -1, after: fix.excluded ? '1' : '0' });
  }
  return out;
}

function describeFakeEdit(fix: Fix, rows: number): string {
  const rowsText = `${rows} ${rows === 1 ? 'row' : 'rows'}`;
  if (fix.kind === 'replace') return `Replaced "${fix.find}" with "${fix.replace}" in ${fix.columnIndex === undefined ? 'every column' : `column ${fix.columnIndex + 1}`} (${rowsText})`;
  if (fix.kind === 'set') return `Set column ${fix.columnIndex + 1} to "${fix.value}" (${rowsText})`;
  return `${fix.kind === 'exclude' && fix.excluded ? 'Excluded' : 'Included'} ${rowsText} ${fix.kind === 'exclude' && fix.excluded ? 'from' : 'in'} the upload-ready file`;
}

// ---------------------------------------------------------------- unification

function unify(c: FakeCase, rows: CheckedRow[]): NonNullable<FakeCase['unification']> {
  interface Node { id: string; channel: SnapshotContact['channel']; customerId: string; label: string; row?: number; identities: string[] }
  const usePhone = c.unifyKeys.includes('phone') || c.unifyKeys.includes('WhatsApp_mobile');
  const identities = (fields: Record<string, string>): string[] => {
    const out = new Set<string>();
    for (const f of ['phone', 'mobile', 'WhatsApp_mobile']) {
      const p = fields[f] ? e164(fields[f]) : undefined;
      if (p && usePhone) out.add(`phone=${p}`);
    }
    if (fields.email && c.unifyKeys.includes('email')) out.add(`email=${fields.email.toLowerCase()}`);
    if (fields.line_uid && c.unifyKeys.includes('line_uid')) out.add(`line_uid=${fields.line_uid}`);
    if (fields.customer_id && c.unifyKeys.includes('customer_id')) out.add(`customer_id=${fields.customer_id}`);
    return [...out];
  };
  const nodes: Node[] = (c.snapshot?.contacts ?? []).map((ct) => ({
    id: ct.id, channel: ct.channel, customerId: ct.fields.customer_id ?? '', label: ct.fields.display_name ?? ct.fields.name ?? ct.id, identities: identities(ct.fields),
  }));
  const fieldIndex = new Map(c.header.map((h, i) => [h, i]));
  for (const r of rows) {
    if (r.outcome !== 'create') continue;
    const fields: Record<string, string> = {};
    for (const [h, i] of fieldIndex) fields[h] = r.cells[i] ?? '';
    nodes.push({ id: `row-${r.row}`, channel: c.channel, customerId: fields.customer_id ?? '', label: fields.display_name ?? '', row: r.row, identities: identities(fields) });
  }
  // Connected components over shared identity values.
  const parent = nodes.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const id of n.identities) {
      const j = owner.get(id);
      if (j === undefined) owner.set(id, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  nodes.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));
  const conflicts: ConflictView[] = [];
  // The profile list: a group's contacts by customer ID (those without one with the group's first).
  const list: ProfileListItem[] = [];
  const terms: string[][] = [];
  for (const members of groups.values()) {
    const byProfile = new Map<string, number[]>();
    for (const i of members) {
      const key = nodes[i].customerId || nodes[members.find((m) => nodes[m].customerId !== '') ?? members[0]].customerId || nodes[members[0]].id;
      byProfile.set(key, [...(byProfile.get(key) ?? []), i]);
    }
    for (const [key, of] of byProfile) {
      list.push({
        id: `P-${key}`, conflict: byProfile.size > 1,
        members: of.map((i) => ({
          contactId: nodes[i].id, channel: nodes[i].channel, customerId: nodes[i].customerId, name: nodes[i].label,
          linkedBy: nodes[i].identities.filter((v) => of.some((j) => j !== i && nodes[j].identities.includes(v))),
          ...(nodes[i].row !== undefined ? { row: nodes[i].row } : {}),
        })),
      });
      terms.push(of.flatMap((i) => [nodes[i].id, nodes[i].customerId, nodes[i].label, ...nodes[i].identities].map((t) => t.toLowerCase())));
    }
  }
  let profiles = 0;
  for (const members of groups.values()) {
    const ids = [...new Set(members.map((i) => nodes[i].customerId).filter((x) => x !== ''))];
    profiles += Math.max(1, ids.length);
    if (ids.length < 2) continue;
    const linkedBy = new Set<string>();
    for (const a of members) for (const b of members) {
      if (a < b && nodes[a].customerId !== nodes[b].customerId) for (const id of nodes[a].identities) if (nodes[b].identities.includes(id)) linkedBy.add(id);
    }
    conflicts.push({
      index: conflicts.length,
      customerIds: ids,
      unifiedContactIds: ids.map((id) => `P-${id}`),
      linkedBy: [...linkedBy],
      contacts: members.map((i) => ({ id: nodes[i].id, channel: nodes[i].channel, customerId: nodes[i].customerId, profileId: `P-${nodes[i].customerId || nodes[i].id}`, label: nodes[i].label, name: nodes[i].label, row: nodes[i].row, identities: nodes[i].identities })),
    });
  }
  return { profiles, contacts: nodes.length, conflicts, list, terms };
}

/** Paths the fake refuses to open, as the real reader would: [path pattern, Api code, message]. */
const FAKE_REFUSALS: Array<[RegExp, string, string]> = [
  [/\.(png|jpe?g|gif)$/i, 'file.picture', 'This is a picture (PNG), not a list. Open the CSV file that holds your contacts instead.'],
  [/\.zip$/i, 'file.workbook', 'This is a zip archive, not a list (if it is an Excel workbook, it is damaged). Open the CSV file or the Excel workbook (.xlsx) that holds your contacts instead.'],
  [/empty\.csv$/i, 'file.empty', 'The file is empty: there is nothing in it to check. Open the right file.'],
  [/header-only\.csv$/i, 'file.header_only', 'The file has only a header row: there are no contacts in it. Add contacts below the header row, or open the right file.'],
];

// ---------------------------------------------------------------- the bridge

interface FakeJob {
  job: Job;
  steps: Array<{ phase: string; run?: () => void }>;
  step: number;
}

export function createFakeApi(options: FakeOptions = {}): FakeBridge {
  const tickMs = options.tickMs ?? 5;
  const cases = new Map<string, FakeCase>();
  const jobs = new Map<string, FakeJob>();
  const calls: FakeCall[] = [];
  let nextCase = 1;
  let nextJob = 1;
  let nextLog = 1;

  const getCaseOrThrow = (caseId: string): FakeCase => {
    const c = cases.get(caseId);
    if (!c) throw new ApiError('case.not_found', `No open case "${caseId}".`);
    return c;
  };
  const visibleRows = (c: FakeCase) => check(c).rows.slice(0, c.checkedRows);
  /** Like the real service: no changes while one of the case's jobs runs. */
  const ensureIdle = (c: FakeCase) => {
    for (const f of jobs.values()) {
      if (f.job.caseId === c.caseId && f.job.state === 'running') throw new ApiError('case.busy', `Wait until "${f.job.phase}" finishes, or cancel it, then try again.`);
    }
  };
  const busyCase = (caseId: string) => {
    const c = getCaseOrThrow(caseId);
    ensureIdle(c);
    return c;
  };

  function advance(f: FakeJob): void {
    if (f.job.state !== 'running') return;
    const step = f.steps[f.step];
    step?.run?.();
    f.step++;
    f.job = { ...f.job, done: Math.min(f.step, f.job.total), phase: f.steps[f.step]?.phase ?? step?.phase ?? '' };
    if (f.step >= f.steps.length) f.job = { ...f.job, state: 'done', done: f.job.total };
    else if (!options.holdJobs) setTimeout(() => advance(f), tickMs);
  }

  function startJob(kind: Job['kind'], caseId: string | undefined, steps: FakeJob['steps'], result?: () => unknown): string {
    const id = `job-${nextJob++}`;
    const all = result ? [...steps.slice(0, -1), { ...steps[steps.length - 1], run: () => { steps[steps.length - 1].run?.(); f.job = { ...f.job, result: result() }; } }] : steps;
    const f: FakeJob = { job: { id, caseId, kind, state: 'running', done: 0, total: all.length, phase: all[0]?.phase ?? '' }, steps: all, step: 0 };
    jobs.set(id, f);
    if (!options.holdJobs) setTimeout(() => advance(f), tickMs);
    return id;
  }

  /** A check that reveals the rows in two halves, so the UI can show rows while it runs. */
  function startCheck(c: FakeCase): string {
    c.state = 'checking';
    c.incomplete = null;
    c.checkedRows = 0;
    c.unification = null;
    const half = Math.ceil(c.cells.length / 2);
    return startJob('check', c.caseId, [
      { phase: 'reading', run: () => { c.checkedRows = half; } },
      { phase: 'checking rows', run: () => { c.checkedRows = c.cells.length; c.state = 'ready'; c.fileChecked = true; } },
    ]);
  }

  /**
   * A fix, undo or redo as the real service runs it: a job of kind 'fix' whose last step makes the
   * change (cancelled before then: nothing changed); a changed header starts a re-check it names.
   */
  function fixJob(c: FakeCase, change: () => FixJobResult): string {
    return startJob('fix', c.caseId, [{ phase: 'Re-checking rows…' }, { phase: 'Replaying the import…' }], () => {
      const header = c.header.join('\u0000');
      const mapping = c.mapping;
      const result = change();
      return header !== c.header.join('\u0000') || mapping !== c.mapping ? { ...result, recheckJobId: startCheck(c) } : result;
    });
  }

  /** Undo (from `undo` to `redo`) or redo (the other way) of the newest entry on `from`. */
  function toggleFix(c: FakeCase, from: FakeCase['undo'], to: FakeCase['undo'], undone: boolean): FixJobResult {
    const last = from.pop();
    if (!last) return { changedRows: 0 };
    to.push({ header: c.header.slice(), cells: clone(c.cells), mapping: c.mapping, excluded: new Set(c.excluded), logId: last.logId });
    c.header = last.header;
    c.mapping = last.mapping;
    c.excluded = last.excluded;
    c.cells = last.cells;
    const entry = c.log.find((e) => e.id === last.logId);
    if (entry) entry.undone = undone;
    return { changedRows: entry?.changedRows ?? 0 };
  }

  function newCase(path: string): FakeCase {
    const c: FakeCase = {
      caseId: `case-${nextCase++}`,
      fileName: basename(path),
      sourcePath: path,
      header: SAMPLE_HEADER.slice(),
      cells: clone(SAMPLE_ROWS),
      channel: 'whatsapp',
      channelDetected: true,
      key: 'phone',
      region: 'TW',
      unifyKeys: [...UNIFY_KEYS],
      snapshot: null,
      definitions: null,
      checkedRows: 0,
      state: 'checking',
      incomplete: null,
      fileChecked: false,
      excluded: new Set(),
      undo: [],
      redo: [],
      log: [],
      unification: null,
    };
    cases.set(c.caseId, c);
    return c;
  }

  function record(c: FakeCase, fix: LoggedFix, description: string, changedRows: number, change: () => void): number {
    const before = { header: c.header.slice(), cells: clone(c.cells), mapping: c.mapping, excluded: new Set(c.excluded) };
    change();
    const id = nextLog++;
    // A new change drops what could be redone.
    for (const r of c.redo) c.log = c.log.filter((e) => e.id !== r.logId);
    c.redo = [];
    c.undo.push({ ...before, logId: id });
    c.log.push({ id, at: new Date(Date.UTC(2025, 4, 1, 10, 0, id)).toISOString(), description, fix, changedRows, undone: false });
    c.unification = null;
    return changedRows;
  }

  const impl: { [M in ApiMethod]: (input: In<M>) => Out<M> | Promise<Out<M>> } = {
    appInfo: () => ({
      version: '0.1.0-fake',
      samples: [
        { name: 'whatsapp-from-excel.csv', path: '/samples/whatsapp-from-excel.csv', purpose: 'list' },
        { name: 'contacts-snapshot.csv', path: '/samples/contacts-snapshot.csv', purpose: 'snapshot' },
        { name: 'custom-fields.csv', path: '/samples/custom-fields.csv', purpose: 'definitions' },
      ],
      recent: [
        { casePath: '/Users/amy/Documents/Campaigns/2025 Spring/spring-campaign.listprep', fileName: 'spring-campaign.csv', sourcePath: '/Users/amy/Downloads/spring-campaign.csv', saved: true, openedAt: '2025-04-28T09:30:00.000Z' },
        { casePath: '/data/cases/4f1c2a.listprep', fileName: 'spring-campaign.csv', sourcePath: '/Users/amy/Downloads/spring-campaign.csv', saved: false, openedAt: '2025-04-20T14:05:00.000Z' },
      ],
    }),
    openFile: (input) => {
      // Like the real service (core/api/open-refusal.ts): a file that cannot be read opens no case.
      const refusal = FAKE_REFUSALS.find(([pattern]) => pattern.test(input.path));
      if (refusal) throw new ApiError(refusal[1], refusal[2]);
      const c = newCase(input.path);
      if (input.channel) {
        c.channel = input.channel;
        c.channelDetected = false;
        c.key = DEFAULT_KEY[input.channel];
      }
      if (input.key) c.key = input.key;
      if (input.region) c.region = input.region;
      if (input.encoding) c.encoding = input.encoding;
      if (input.encoding) c.encoding = input.encoding;
      if (input.timeZone) c.timeZone = input.timeZone;
      // Read before the check, as the real service does: its rows replay on them at once.
      if (input.snapshot) c.snapshot = { fileName: basename(input.snapshot), contacts: SAMPLE_SNAPSHOT };
      if (input.definitions) c.definitions = { fileName: basename(input.definitions), count: 5 };
      if (/\.xlsx$/i.test(input.path)) {
        c.sheets = SAMPLE_SHEETS;
        c.sheet = input.sheet ?? SAMPLE_SHEETS[0];
      }
      return { caseId: c.caseId, jobId: startCheck(c) };
    },
    openCase: (input) => {
      const c = newCase(input.path.replace(/\.listprep$/, '.csv'));
      c.checkedRows = c.cells.length;
      c.state = 'ready';
      c.fileChecked = true;
      return { caseId: c.caseId };
    },
    saveCaseAs: (input) => {
      busyCase(input.caseId);
      return { casePath: input.path };
    },
    closeCase: (input) => {
      cases.delete(input.caseId);
      return { ok: true as const };
    },
    getCase: (input) => {
      const c = getCaseOrThrow(input.caseId);
      const { columns, fileIssues } = check(c);
      return {
        caseId: c.caseId,
        fileName: c.fileName,
        sourcePath: c.sourcePath,
        sourceHash: 'sha256:fake',
        // A list named like a tiny legacy file fits other encodings too (R-F5), as the real reader says.
        encoding: c.encoding ? ENCODING_NAMES_EN[c.encoding] : /tiny-legacy/.test(c.fileName) ? 'GB18030 (Simplified Chinese)' : 'UTF-8',
        encodingId: c.encoding ?? (/tiny-legacy/.test(c.fileName) ? 'gb18030' : 'utf-8'),
        mapping: c.mapping ?? {},
        encodingChosen: c.encoding !== undefined,
        encodingAlternatives: !c.encoding && /tiny-legacy/.test(c.fileName) ? [{ id: 'big5', label: ENCODING_NAMES_EN.big5 }] : [],
        delimiter: ',',
        ...(c.sheet !== undefined ? { sheet: c.sheet, sheets: c.sheets } : {}),
        channel: c.channel,
        channelDetected: c.channelDetected,
        key: c.key,
        region: c.region,
        timeZone: c.timeZone,
        unifyKeys: c.unifyKeys,
        snapshot: c.snapshot ? { fileName: c.snapshot.fileName, contacts: c.snapshot.contacts.length, issues: [] } : null,
        definitions: c.definitions ? { ...c.definitions, issues: [] } : null,
        state: c.state,
        rows: c.checkedRows,
        incomplete: c.incomplete,
        columns,
        fileIssues,
        canUndo: c.undo.length > 0,
        canRedo: c.redo.length > 0,
        casePath: `/cases/${c.caseId}.listprep`,
      };
    },
    setOptions: (input) => {
      const c = busyCase(input.caseId);
      if (input.channel && input.channel !== c.channel) {
        c.channel = input.channel;
        c.channelDetected = false;
        if (!input.key) c.key = DEFAULT_KEY[input.channel];
      }
      if (input.key) c.key = input.key;
      if (input.region) c.region = input.region;
      if (input.timeZone !== undefined) c.timeZone = input.timeZone ?? undefined;
      if (input.unifyKeys) c.unifyKeys = input.unifyKeys;
      if (input.mapping) {
        const after = input.mapping;
        // Like the real service: a mapping change is in the fix log, so Undo puts the previous one back.
        if (JSON.stringify(after) !== JSON.stringify(c.mapping ?? {})) record(c, { kind: 'mapping', before: c.mapping ?? {}, after }, 'Mapped columns', Object.keys(after).length, () => { c.mapping = after; });
      }
      return { jobId: startCheck(c) };
    },
    loadSnapshot: (input) => {
      const c = busyCase(input.caseId);
      return { jobId: startJob('snapshot', c.caseId, [{ phase: 'reading contacts' }, { phase: 'matching', run: () => { c.snapshot = { fileName: basename(input.path), contacts: SAMPLE_SNAPSHOT }; c.unification = null; } }]) };
    },
    loadDefinitions: (input) => {
      const c = busyCase(input.caseId);
      return { jobId: startJob('definitions', c.caseId, [{ phase: 'reading definitions', run: () => { c.definitions = { fileName: basename(input.path), count: 5 }; } }]) };
    },
    queryRows: (input) => {
      const c = getCaseOrThrow(input.caseId);
      let rows: RowView[] = visibleRows(c).filter((r) => matches(r, input.filter, c.excluded));
      if (input.sort) {
        const sign = input.sort.dir === 'asc' ? 1 : -1;
        const by = input.sort.by;
        const rank = (r: RowView) => (by === 'row' ? r.row : by === 'severity' ? (r.severity ? SEVERITY_RANK[r.severity] : 0) : OUTCOMES.indexOf(r.outcome));
        rows = rows.slice().sort((a, b) => sign * (rank(a) - rank(b)) || a.row - b.row);
      }
      const page = rows.slice(input.offset, input.offset + input.limit).map(({ row, cells, outcome, contactId, severity, issues }) => ({ row, cells, outcome, contactId, severity, issues, ...(c.excluded.has(row) ? { excluded: true as const } : {}) }));
      return { total: rows.length, rows: page };
    },
    getCounts: (input) => {
      const c = getCaseOrThrow(input.caseId);
      const rows = visibleRows(c).filter((r) => matches(r, input.filter, c.excluded));
      const byOutcome = emptyOutcomeCounts();
      const bySeverity = emptySeverityCounts();
      const byCode = new Map<string, { code: string; severity: ApiIssue['severity']; count: number; fixable: number }>();
      const byColumn = new Map<number, { column: string; columnIndex: number; count: number }>();
      // Like the real store: rows per severity and per code (distinct rows), fixable = issues with a fix.
      for (const r of rows) {
        byOutcome[r.outcome]++;
        for (const sev of new Set(r.issues.map((i) => i.severity))) bySeverity[sev]++;
        const codesInRow = new Set<string>();
        for (const i of r.issues) {
          const code = byCode.get(i.code) ?? { code: i.code, severity: i.severity, count: 0, fixable: 0 };
          if (!codesInRow.has(i.code)) code.count++;
          codesInRow.add(i.code);
          if (i.fix !== undefined) code.fixable++;
          if (SEVERITY_RANK[i.severity] > SEVERITY_RANK[code.severity]) code.severity = i.severity;
          byCode.set(i.code, code);
          if (i.columnIndex !== undefined) {
            const col = byColumn.get(i.columnIndex) ?? { column: i.column ?? '', columnIndex: i.columnIndex, count: 0 };
            col.count++;
            byColumn.set(i.columnIndex, col);
          }
        }
      }
      return {
        rows: rows.length,
        byOutcome,
        bySeverity,
        byCode: [...byCode.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count || a.code.localeCompare(b.code)),
        byColumn: [...byColumn.values()].sort((a, b) => b.count - a.count || a.columnIndex - b.columnIndex),
        ...(c.excluded.size > 0 ? { excluded: { rows: c.excluded.size, uploadable: visibleRows(c).filter((r) => c.excluded.has(r.row) && r.outcome !== 'fail' && r.outcome !== 'skip').length } } : {}),
      };
    },
    getRow: (input) => {
      const c = getCaseOrThrow(input.caseId);
      const r = visibleRows(c).find((x) => x.row === input.row);
      if (!r) throw new ApiError('row.not_found', `Row ${input.row} does not exist.`);
      return { ...r, header: c.header.slice(), ...(c.excluded.has(r.row) ? { excluded: true as const } : {}) };
    },
    columnSamples: (input) => {
      const c = getCaseOrThrow(input.caseId);
      const columns = c.header.map((_, index) => [...new Set(c.cells.slice(0, 200).map((cells) => (cells[index] ?? '').trim()).filter((v) => v !== ''))].slice(0, 3));
      return { columns };
    },
    applyFix: (input) => {
      const c = busyCase(input.caseId);
      // Like the real service: fixes wait for the whole file after a first check that stopped mid-file.
      if (!c.fileChecked && c.incomplete) throw new ApiError('case.partly_read', 'Only part of the file has been read, and a fix made now would be lost when Check again reads the whole file. Check again first, then fix.');
      const fix: Fix = input.fix;
      const checked = visibleRows(c);
      // Wrong rows and columns are refused at once; the change itself is a job (Cancel changes nothing).
      let change: () => FixJobResult;
      switch (fix.kind) {
        case 'cell': {
          if (!c.cells[fix.row - 2] || fix.columnIndex >= c.header.length) throw new ApiError('input.invalid', 'No such cell.');
          change = () => ({ changedRows: record(c, fix, `Edited row ${fix.row}, column ${fix.columnIndex + 1}`, 1, () => { c.cells[fix.row - 2][fix.columnIndex] = fix.value; }) });
          break;
        }
        case 'issue': {
          const found = checked.find((r) => r.row === fix.row)?.issues.find((i) => i.code === fix.code && i.columnIndex === fix.columnIndex && i.fix !== undefined);
          if (!found) throw new ApiError('input.invalid', `Row ${fix.row} has no fixable ${fix.code} there.`);
          change = () => ({ changedRows: record(c, fix, `Accepted the ${fix.code} fix in row ${fix.row}`, 1, () => { c.cells[fix.row - 2][fix.columnIndex] = found.fix ?? ''; }) });
          break;
        }
        case 'code': {
          const targets = checked.flatMap((r) => r.issues.filter((i) => i.code === fix.code && i.fix !== undefined && (fix.columnIndex === undefined || i.columnIndex === fix.columnIndex)));
          const rows = new Set(targets.map((t) => t.row));
          change = () => (targets.length === 0 ? { changedRows: 0 } : {
            changedRows: record(c, fix, `Accepted every ${fix.code} fix (${rows.size} ${rows.size === 1 ? 'row' : 'rows'})`, rows.size, () => {
              for (const t of targets) if (t.row !== undefined && t.columnIndex !== undefined) c.cells[t.row - 2][t.columnIndex] = t.fix ?? '';
            }),
          });
          break;
        }
        case 'header': {
          if (fix.columnIndex >= c.header.length) throw new ApiError('input.invalid', 'No such column.');
          // A header change re-checks the whole file, as in the real service: the fix job names the re-check.
          change = () => ({ changedRows: record(c, fix, `Renamed column ${fix.columnIndex + 1} to "${fix.to}"`, 1, () => { c.header[fix.columnIndex] = fix.to; }) });
          break;
        }
        case 'replace':
        case 'set':
        case 'exclude': {
          const edits = fakeEdits(c, fix);
          const rows = new Set(edits.map((e) => e.row)).size;
          change = () => (edits.length === 0 ? { changedRows: 0 } : {
            changedRows: record(c, fix, describeFakeEdit(fix, rows), rows, () => {
              for (const e of edits) {
                if (e.col < 0) {
                  if (e.after === '1') c.excluded.add(e.row);
                  else c.excluded.delete(e.row);
                } else c.cells[e.row - 2][e.col] = e.after;
              }
            }),
          });
          break;
        }
      }
      return { jobId: fixJob(c, change) };
    },
    previewEdit: (input): EditPreview => {
      const c = getCaseOrThrow(input.caseId);
      const edits = fakeEdits(c, input.fix);
      const count = (list: typeof edits) => ({ cells: list.length, rows: new Set(list.map((e) => e.row)).size });
      const rows = check(c).rows.slice(0, c.checkedRows);
      const bound = options.previewRowBound;
      const bounded = input.fix.kind === 'replace' || input.fix.kind === 'set' || (input.fix.kind === 'exclude' && input.fix.rows === undefined);
      if (!bounded || bound === undefined || rows.length <= bound) return { complete: true, ...count(edits) };
      // As edit-preview.ts: the first `bound` rows of the file are looked at.
      const lastLooked = rows[bound - 1].row;
      return { complete: false, ...count(edits.filter((e) => e.row <= lastLooked)), rowsLookedAt: bound, rowsInCase: rows.length };
    },
    undo: (input) => {
      const c = busyCase(input.caseId);
      return { jobId: fixJob(c, () => toggleFix(c, c.undo, c.redo, true)) };
    },
    redo: (input) => {
      const c = busyCase(input.caseId);
      return { jobId: fixJob(c, () => toggleFix(c, c.redo, c.undo, false)) };
    },
    fixLog: (input) => getCaseOrThrow(input.caseId).log.map((e) => ({ ...e })),
    runUnify: (input) => {
      const c = busyCase(input.caseId);
      return { jobId: startJob('unify', c.caseId, [{ phase: 'building the identity graph' }, { phase: 'finding conflicts', run: () => { c.unification = unify(c, check(c).rows); } }]) };
    },
    getUnification: (input) => {
      const c = getCaseOrThrow(input.caseId);
      if (!c.unification) return { ran: false, profiles: 0, contacts: 0, conflicts: [], totalConflicts: 0 };
      const { profiles, contacts, conflicts } = c.unification;
      return { ran: true, profiles, contacts, conflicts: conflicts.slice(input.offset, input.offset + input.limit), totalConflicts: conflicts.length };
    },
    getProfiles: (input) => {
      const c = getCaseOrThrow(input.caseId);
      if (!c.unification) return { ran: false, total: 0, capped: false, profiles: [] };
      const { list, terms } = c.unification;
      const query = input.search.trim().toLowerCase();
      const found = query === '' ? list : list.filter((_, i) => terms[i].some((t) => t.includes(query)));
      return { ran: true, total: found.length, capped: false, profiles: found.slice(input.offset, input.offset + input.limit) };
    },
    recheckCase: (input) => {
      const c = busyCase(input.caseId);
      return { jobId: startCheck(c) };
    },
    exportFiles: (input) => {
      const c = busyCase(input.caseId);
      if (c.incomplete && !input.partial) throw new ApiError('case.incomplete', `Only ${c.incomplete.checkedRows} rows were checked: the check was cancelled. Only a complete check is exported: check again first, or ask for a partial export (its files are marked .partial).`);
      // Like the real export: excluded rows are in neither the upload-ready file nor the rejected rows.
      const rows = check(c).rows.slice(0, c.checkedRows).filter((r) => !c.excluded.has(r.row));
      const ok = rows.filter((r) => r.outcome !== 'fail' && r.outcome !== 'skip').length;
      const stem = c.fileName.replace(/\.[^.]+$/, '') + (c.incomplete ? '.partial' : '');
      const dir = input.dir.replace(/[\\/]$/, '');
      const files: Array<{ kind: string; path: string; rows: number }> = [];
      if (input.uploadReady) files.push({ kind: 'upload-ready', path: `${dir}/${stem}.upload-ready.csv`, rows: input.allRows ? rows.length : ok });
      if (input.errorReport) files.push({ kind: 'error-report', path: `${dir}/${stem}.errors.csv`, rows: rows.reduce((n, r) => n + r.issues.length, 0) });
      if (input.rejectedRows) files.push({ kind: 'rejected-rows', path: `${dir}/${stem}.rejected.csv`, rows: rows.length - ok });
      if (input.conflicts) files.push({ kind: 'conflicts', path: `${dir}/${stem}.conflicts.csv`, rows: c.unification?.conflicts.length ?? 0 });
      if (input.profiles) files.push({ kind: 'profiles', path: `${dir}/${stem}.profiles.csv`, rows: c.unification?.contacts ?? 0 });
      if (input.snapshot) files.push({ kind: 'snapshot', path: `${dir}/${stem}.snapshot.csv`, rows: (c.snapshot?.contacts.length ?? 0) + ok });
      return { jobId: startJob('export', c.caseId, [{ phase: 'writing files' }, { phase: 'renaming into place' }], () => ({ files })) };
    },
    getJob: (input) => {
      const f = jobs.get(input.jobId);
      if (!f) throw new ApiError('job.not_found', `No job "${input.jobId}".`);
      return { ...f.job };
    },
    cancelJob: (input) => {
      const f = jobs.get(input.jobId);
      if (!f) throw new ApiError('job.not_found', `No job "${input.jobId}".`);
      if (f.job.state === 'running') {
        f.job = { ...f.job, state: 'cancelled' };
        const c = f.job.caseId ? cases.get(f.job.caseId) : undefined;
        // Like the real service: a cancelled check leaves the case incomplete, saying how far it got.
        if (c && c.state === 'checking') {
          c.state = 'failed';
          c.incomplete = c.fileChecked ? { reason: 'cancelled', checkedRows: c.checkedRows, totalRows: c.cells.length } : { reason: 'cancelled', checkedRows: c.checkedRows, percent: Math.floor((c.checkedRows / c.cells.length) * 100) };
        }
      }
      return { ok: true as const };
    },
  };

  /** Parses input and output with the contract, like the real transports do. */
  function wrap<M extends ApiMethod>(method: M) {
    return async (raw: unknown): Promise<z.output<ApiContract[M]['output']>> => {
      const parsed = apiContract[method].input.safeParse(raw);
      calls.push({ method, input: parsed.success ? parsed.data : raw });
      if (!parsed.success) throw new ApiError('input.invalid', `${method}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      await Promise.resolve();
      const output = await impl[method](parsed.data as In<M>);
      return apiContract[method].output.parse(output) as z.output<ApiContract[M]['output']>;
    };
  }

  const api = Object.fromEntries((Object.keys(apiContract) as ApiMethod[]).map((m) => [m, wrap(m)])) as unknown as ListPrepBridge;
  const picks: FakeBridge['picks'] = {
    list: '/picked/whatsapp-from-excel.csv',
    snapshot: '/picked/contacts-snapshot.csv',
    definitions: '/picked/custom-fields.csv',
    case: '/cases/spring-campaign.listprep',
    folder: '/exports',
    save: '/cases/saved.listprep',
  };
  const bridge: FakeBridge = {
    ...api,
    transport: (options.transport ?? 'fake') as 'fake',
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.input),
    picks,
    pickFile: async (purpose) => {
      calls.push({ method: 'pickFile', input: purpose });
      return picks[purpose];
    },
    pickSavePath: async (suggestedName) => {
      calls.push({ method: 'pickSavePath', input: suggestedName });
      return picks.save;
    },
    pickFolder: async () => {
      calls.push({ method: 'pickFolder', input: null });
      return picks.folder;
    },
    revealPath: async (path) => {
      calls.push({ method: 'revealPath', input: path });
    },
    uploadFile: async (file, purpose) => {
      calls.push({ method: 'uploadFile', input: { name: file.name, purpose } });
      return `/uploads/${file.name}`;
    },
    advanceJobs: () => {
      for (const f of jobs.values()) advance(f);
    },
    finishJobs: () => {
      for (const f of jobs.values()) while (f.job.state === 'running') advance(f);
    },
    caseRows: (caseId) => clone(getCaseOrThrow(caseId).cells),
  };
  return bridge;
}

/**
 * Placeholder for web/client.ts's `createHttpBridge(baseUrl, token)` while that module is being
 * written: same signature, answers with the fake, remembers how it was called.
 */
export function createHttpBridgePlaceholder(baseUrl: string, token: string): ListPrepBridge & { baseUrl: string; token: string } {
  return Object.assign(createFakeApi({ transport: 'web' }), { baseUrl, token });
}
