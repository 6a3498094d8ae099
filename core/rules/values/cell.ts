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

/** The same as matching `EDGE_SPACE`'s class, one UTF-16 code unit at a time (no regex per cell). */
export function isEdgeSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The cell's text without surrounding whitespace: what MAAC reads (and what "blank" is judged on). */
export function trimCell(raw: string): string {
  // Equal to `raw.replace(EDGE_SPACE, '')` (a property test holds them equal); most cells have
  // nothing to trim, and then the cell itself is returned.
  let end = raw.length;
  while (end > 0 && isEdgeSpace(raw.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && isEdgeSpace(raw.charCodeAt(start))) start++;
  return start === 0 && end === raw.length ? raw : raw.slice(start, end);
}

/** The regular-expression definition `trimCell` implements (for tests). */
export function trimCellByPattern(raw: string): string {
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
  return cellFindings(raw, trimCell(raw), options.standardField, options.region ?? DEFAULT_REGION) ?? [];
}

/** `checkCellText` for a cell already trimmed (`text` = trimCell(raw)); undefined when there is nothing to say. */
export function cellFindings(raw: string, text: string, standardField: boolean, region: string): ValueFinding[] | undefined {
  let findings: ValueFinding[] | undefined;
  if (text !== raw) findings = [{ code: 'cell.whitespace', fix: text }];
  const first = formulaTrigger(raw, text, region);
  if (first !== undefined) (findings ??= []).push({ code: 'cell.formula_like', params: { first: VISIBLE[first] ?? first } });
  if (standardField && text.length === 4 && text.toLowerCase() === 'null') (findings ??= []).push({ code: 'cell.null_literal' });
  return findings;
}

/** Whether a character code is one of FORMULA_START's (`=`, `+`, `-`, `@`, TAB, CR). */
function isFormulaStart(code: number): boolean {
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === 0x09 || code === 0x0d;
}

/**
 * The character that makes a spreadsheet run the cell as a formula, if any. The trimmed text counts
 * too, since accepting the whitespace fix would put it first. [decision] A single character (`-`
 * as "none") is left alone: spreadsheets keep it as text, and flagging it would be noise.
 */
function formulaTrigger(raw: string, text: string, region: string): string | undefined {
  // Most cells start with neither: decided on character codes before any string is made.
  if (text.length <= 1 || (!isFormulaStart(raw.charCodeAt(0)) && !isFormulaStart(text.charCodeAt(0)))) return undefined;
  const first = FORMULA_START.has(raw[0]) ? raw[0] : FORMULA_START.has(text[0]) ? text[0] : undefined;
  if (first === undefined) return undefined;
  if (NUMBER.test(text)) return undefined;
  if (text[0] === '+' && isValidPhoneText(text, region)) return undefined;
  return first;
}
