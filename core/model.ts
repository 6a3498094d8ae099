/**
 * The domain vocabulary shared by every layer (RULES.md §1). Pure types and tiny constants only.
 */

/** A channel whose template a file can be imported with. */
export const CHANNELS = ['line', 'email', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A channel contact's kind: `sms` is a phone-only contact created by a LINE import without line_uid. */
export const CONTACT_CHANNELS = [...CHANNELS, 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** The one matching field chosen for an import (R-M1). */
export const KEY_NAMES = ['line_uid', 'phone', 'email', 'customer_id'] as const;
export type KeyName = (typeof KEY_NAMES)[number];

/** The fields profile unification may join contacts by (the article's FAQ list; R-P1: all of them by default). */
export const UNIFY_KEYS = ['email', 'phone', 'customer_id', 'line_uid', 'WhatsApp_mobile', 'fb_id', 'ig_id'] as const;
export type UnifyKey = (typeof UNIFY_KEYS)[number];

/** Severities, worst first: the one list every order, rank and filter of severities comes from. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** A severity's rank, higher is worse (error 3, warning 2, info 1; 0 is left for "no issue"). */
export const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, SEVERITIES.length - i])) as Record<Severity, number>;

/** Outcomes of a row's import (RULES.md §5), in the order an import reads them. */
export const OUTCOMES = ['create', 'update', 'unchanged', 'skip', 'fail'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Zero rows of every outcome, to count into. */
export function emptyOutcomeCounts(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

/** Zero rows of every severity, to count into. */
export function emptySeverityCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/** Interpolation values of an issue's message; kept so the UI can re-render it in another language. */
export type MessageParams = Record<string, string | number>;

/**
 * One problem or note, located as a spreadsheet user sees it (RULES.md §1).
 * `row` is the spreadsheet row (header = 1); file-level issues have no row.
 * `column` is the header text as written in the file; `field` the canonical field it maps to.
 */
export interface Issue {
  row?: number;
  column?: string;
  /** 0-based column index in the file, for locating the cell; absent for file-level issues. */
  columnIndex?: number;
  field?: string;
  code: string;
  severity: Severity;
  value?: string;
  fix?: string;
  message: string;
  params?: MessageParams;
}

/** A field's stored value: text, a tag list, or `null` for a custom field cleared by the literal `null`. */
export type FieldValue = string | readonly string[] | null;

/** One field's difference in a simulated update; tags are the full comma-joined lists. */
export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

/** An existing (or simulated) channel contact (RULES.md §7). Field names are canonical template names. */
export interface Contact {
  id: string;
  channel: ContactChannel;
  /** Canonical field name → value (tags live in `tags`, never in `fields`). */
  fields: Record<string, string>;
  tags: string[];
  /** ISO-like `YYYY-MM-DD HH:mm:ss`, or '' when unknown. */
  createdAt: string;
  updatedAt: string;
  /** Position in the snapshot (or creation order for simulated contacts): the tie-breaker when createdAt is missing. */
  order: number;
  /** The import row that created or last updated it, when simulated. */
  row?: number;
}

/** A custom field definition as Admin Center holds it (RULES.md §7). */
export type CustomFieldType = 'text' | 'number' | 'date' | 'datetime';
export interface CustomFieldDefinition {
  key: string;
  type: CustomFieldType;
  status: 'active' | 'archived';
}

/** The options of one check / replay. */
export interface CheckOptions {
  channel: Channel;
  key: KeyName;
  /** ISO 3166 region used to read national phone numbers (MAAC's import takes one country code). */
  region: string;
  /** IANA time zone the file's date-times are written in, when the user states it (R-V7). */
  timeZone?: string;
  /** Custom field definitions; undefined when none were loaded (R-H6 `custom.undefined`). */
  definitions?: CustomFieldDefinition[];
}

export const DEFAULT_KEY: Record<Channel, KeyName> = { line: 'line_uid', email: 'email', whatsapp: 'phone' };
export const DEFAULT_REGION = 'TW';

/** The encodings ListPrep reads (RULES.md R-F1), as `--encoding` and the app name them. */
export const ENCODING_IDS = ['utf-8', 'utf-16le', 'utf-16be', 'big5', 'gb18030', 'shift_jis', 'windows-874', 'windows-1252'] as const;
export type EncodingId = (typeof ENCODING_IDS)[number];

/** Each encoding in words, as messages name it (core/rules/messages.ts has them in Traditional Chinese). */
export const ENCODING_LABELS: Record<EncodingId, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  big5: 'Big5 (Traditional Chinese)',
  gb18030: 'GB18030 (Simplified Chinese)',
  shift_jis: 'Shift_JIS (Japanese)',
  'windows-874': 'Windows-874 (Thai)',
  'windows-1252': 'Windows-1252 (Western European)',
};


/**
 * A data row after reading and validation, ready for simulation.
 * `values` holds what MAAC would read from the row: template field name → stored value
 * (E.164 phones, trimmed text, tag lists under the template's `tags`/`tag` name, custom
 * `cl_custom_<key>` → text or null to clear). Blank cells, skipped columns and invalid values are absent.
 * `key` is the normalized key value (E.164 phone, lower-case email, trimmed text), absent when blank or invalid.
 */
export interface CheckedRow {
  row: number;
  cells: readonly string[];
  issues: Issue[];
  values: Map<string, FieldValue>;
  key?: string;
  /**
   * The row's values by column, while they are still its values (a row checker's row, rules/
   * checked-columns.ts): encoders and readers of one value use them without making `values`.
   * Undefined for any other row: read `values`.
   */
  readonly columns?: RowColumns;
}

/** Values by column: `columnValues[c]` is the value of `fields[c]` (undefined: none; a later column naming the same field wins). */
export interface RowColumns {
  readonly fields: readonly string[];
  readonly columnValues: readonly (FieldValue | undefined)[];
}

/** A row's simulated result (RULES.md §5). */
export interface RowResult {
  row: number;
  outcome: Outcome;
  contactId?: string;
  changes: FieldChange[];
  /** Issues the simulation adds (match.*, update.*, key.duplicate_in_file); validation issues stay on the CheckedRow. */
  issues: Issue[];
  /** A created row whose changes were left out because they are `createdChanges` of its values (OutputProfile.createChanges). */
  changesOmitted?: true;
}

/**
 * What a check's caller will read of each row, in one place: the check leaves out what no one reads
 * (cells not sent between threads, issues not worded, created rows' changes not listed) and, for the
 * case file, has rows encoded as the store writes them on the less busy thread.
 */
export interface OutputProfile {
  /** The rows' cells (exports). False: not sent from the worker. */
  readonly cells: boolean;
  /**
   * The issues' messages as the check words them. False when the caller words those it shows itself
   * (issueMessage): issues of rows validated in a worker then come with an empty message, sparing a
   * few hundred bytes per issue between threads.
   */
  readonly messages: boolean;
  /** A created row's changes. False (counting outcomes only, or a store that derives them): not listed. */
  readonly createChanges: boolean;
  /**
   * The caller stores rows in the case file: a worker then sends each validated row already as the
   * store writes it (`onRow`'s `stored`, codec/row-blocks.ts), made on the less busy thread.
   */
  readonly caseFile: boolean;
}

/** Everything a row has, as an in-memory caller reads it (the default). */
export const READ_EVERYTHING: OutputProfile = { cells: true, messages: true, createChanges: true, caseFile: false };

/** The case file's first check: rows stored as they come, messages worded when read back, created rows' changes derived from their values. */
export const CASE_FILE_OUTPUT: OutputProfile = { cells: true, messages: false, createChanges: false, caseFile: true };
