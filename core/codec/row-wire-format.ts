/** The shapes and flags of the row wire (row-wire.ts encodes, row-wire-decoder.ts decodes). */
import { SEVERITIES, type CheckedRow, type Issue, type Severity } from '../model.ts';
import { ALL_CODES } from '../rules/codes.ts';
import { type PackedRow } from './values-text.ts';

/** A record as the reader gives it: to be validated by the receiving side. */
export interface WireRecord {
  row: number;
  cells: string[];
  issues: Issue[];
}

/**
 * A validated row as the case file stores it (row-blocks.ts: its checked tuple, UTF-8), made on
 * the validating side: the row's cells, values and validation issues are then not read on the other.
 */
export interface StoredCheckedRow {
  json: Uint8Array;
  /** The fields its values go by: the encoder's field table. */
  layout: readonly string[];
}

/** How a validated row's cells are sent: not at all, as arrays, or as the case store's checked tuple. */
export type WireCells = 'none' | 'arrays' | 'json';

/** One row of a batch: validated (`checked`), or as read (`record`). */
export type WireRow =
  | {
    checked: CheckedRow;
    /** The cells as read (before accepted fixes); empty unless cells were sent as arrays. */
    originalCells: readonly string[];
    /** The reader's issues (row.ragged, file.unterminated_quote): the first ones of `checked.issues`. */
    structureIssues: readonly Issue[];
    /** With cells sent as the store's (then `checked.cells` and `originalCells` are empty). */
    stored?: StoredCheckedRow;
    /** The row's values text, for the simulator (the row itself, when its values came so). */
    packed?: PackedRow;
    record?: undefined;
  }
  | {
    record: WireRecord;
    /** The row's cells in the batch's block, kept for the contact it may create (validated again if asked). */
    packed?: PackedRow;
    checked?: undefined;
  };

export interface WireBatch {
  ints: Int32Array;
  /**
   * Every text one after another (their lengths are among the integers): those in Latin-1 (phones,
   * emails, ids…) one byte per character, the others (names in CJK, Thai…) as UTF-16. One-byte texts
   * stay one-byte strings on the other side, which halves their memory and speeds up everything
   * that reads them (JSON, SQLite, hashing).
   */
  narrow: Uint8Array;
  wide: Uint8Array;
  /**
   * Validated rows' values as a block of values texts (values-text.ts): the simulating
   * side keeps it for the contacts the rows create and reads values from it only when asked.
   */
  packed: Uint8Array;
  /** Rows in the block. */
  packedRows: number;
  /** Rows in the batch. */
  count: number;
  /** Validated rows' checked tuples for the case file (cells sent as 'json'), one after another. */
  stored: Uint8Array;
}

export const SEVERITY_INDEX = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;
export const CODE_INDEX = new Map<string, number>(ALL_CODES.map((code, i) => [code, i]));

// Row flags.
export const HAS_KEY = 1;
export const HAS_CELLS = 2;
export const CELLS_DIFFER = 4;
/** The key is the text value of a field of the row (its index follows) rather than a text of its own. */
export const KEY_IS_VALUE = 8;
/** The row as read, not validated. */
export const RAW = 16;
/** The row's checked tuple is next in the batch's stored bytes (its length follows). */
export const HAS_JSON = 32;
/** The values are the next row of the batch's block of values texts (the row's R-L1 kind follows). */
export const PACKED = 64;
/** With PACKED: the values are in template order. */
export const IN_TEMPLATE_ORDER = 128;
/** With RAW: the cells are the next row of the batch's block. */
export const CELLS_IN_BLOCK = 256;

// Issue fields present.
export const I_ROW = 1;
export const I_COLUMN = 2;
export const I_COLUMN_INDEX = 4;
export const I_FIELD = 8;
export const I_VALUE = 16;
export const I_FIX = 32;
export const I_PARAMS = 64;
/** The message follows (not sent when the receiving side words issues itself: WireEncoder's `messages`). */
export const I_MESSAGE = 128;

// Value kinds.
export const V_TEXT = 0;
export const V_LIST = 1;
export const V_NULL = 2;

// How a text that may repeat is sent.
export const T_TEXT = 0;
/** Sent before: its number in the dictionary follows. */
export const T_SEEN = 1;
/** Sent for the first time and numbered (number = the dictionary's size). */
export const T_NEW = 2;

export const P_TEXT = 0;
export const P_NUMBER = 1;

/** A dictionary is judged after this many texts, and kept if at least half of them repeated. */
export const DICTIONARY_TRIAL = 4096;
export const DICTIONARY_MAX = 8192;

export const WIDE_CHARACTER = /[\u0100-\uffff]/;

/** Shared by the rows that have none (a row's arrays are read, never changed): no array per row. */
export const NO_CELLS: readonly string[] = Object.freeze([]);
export const NO_ISSUES: readonly Issue[] = Object.freeze([]);

/** Whether a text has a character beyond U+00FF (short ones by hand, long ones by the regex engine). */
export function isWide(text: string): boolean {
  if (text.length > 24) return WIDE_CHARACTER.test(text);
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return true;
  return false;
}

/** Dictionaries: one per field (values), one for names. */
export const NAMES = 0;
export const FIELD_BASE = 1;

export interface Dictionary {
  numbers: Map<string, number> | undefined;
  lookups: number;
  misses: number;
}
