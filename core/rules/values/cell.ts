/**
 * Checks that apply to any cell whatever its field: surrounding whitespace (R-V1), spreadsheet
 * formula triggers (R-V11) and the literal `null` in a standard field (R-V10).
 */
import { DEFAULT_REGION } from '../../model.ts';
import { isValidPhoneText } from './phone.ts';
import type { ValueFinding } from './types.ts';

/**
 * JavaScript's trim removes every Unicode space (NBSP, the ideographic full-width space U+3000,
 * BOM…); zero-width spaces are added because pasted web text carries them and they are invisible.
 */
const EDGE_SPACE = /^[\s\u200b]+|[\s\u200b]+$/g;

/** The cell's text without surrounding whitespace: what MAAC reads (and what "blank" is judged on). */
export function trimCell(raw: string): string {
  return raw.replace(EDGE_SPACE, '');
}

export function isBlankCell(raw: string): boolean {
  return trimCell(raw) === '';
}

/** A number a spreadsheet reads as a number, not as a formula: `-12`, `+3.5`, `-1,234.5`, `1e5`, `-5%`. */
const NUMBER = /^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const VISIBLE: Record<string, string> = { '\t': 'TAB', '\r': 'CR' };

export interface CellCheckOptions {
  /** A template field (not `cl_custom_…`): there `null` is kept as text. */
  standardField: boolean;
  /** The import's region, so the phone reading for R-V11 is the one the phone check caches. */
  region?: string;
}

export function checkCellText(raw: string, options: CellCheckOptions): ValueFinding[] {
  const findings: ValueFinding[] = [];
  const text = trimCell(raw);
  if (text !== raw) findings.push({ code: 'cell.whitespace', fix: text });
  const first = formulaTrigger(raw, text, options.region ?? DEFAULT_REGION);
  if (first !== undefined) findings.push({ code: 'cell.formula_like', params: { first: VISIBLE[first] ?? first } });
  if (options.standardField && text.toLowerCase() === 'null') findings.push({ code: 'cell.null_literal' });
  return findings;
}

/**
 * The character that makes a spreadsheet run the cell as a formula, if any. The trimmed text counts
 * too, since accepting the whitespace fix would put it first. [decision] A single character (`-`
 * as "none") is left alone: spreadsheets keep it as text, and flagging it would be noise.
 */
function formulaTrigger(raw: string, text: string, region: string): string | undefined {
  const first = FORMULA_START.has(raw[0]) ? raw[0] : FORMULA_START.has(text[0]) ? text[0] : undefined;
  if (first === undefined || text.length <= 1) return undefined;
  if (NUMBER.test(text)) return undefined;
  if (text[0] === '+' && isValidPhoneText(text, region)) return undefined;
  return first;
}
