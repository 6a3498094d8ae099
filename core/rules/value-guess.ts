/**
 * R-H8: a column whose header names nothing, but whose values are mostly valid phones, e-mails,
 * dates or statuses of the channel, is suggested as that field (a `header.alias` with the fix and
 * `guessed: 'values'`). It runs once per check on the first rows, never per row.
 *
 * | rule            | value                                                                 |
 * |-----------------|-----------------------------------------------------------------------|
 * | sample          | the first {@link GUESS_SAMPLE_ROWS} rows; their non-blank cells       |
 * | enough values   | at least {@link GUESS_MIN_VALUES} non-blank values in the column       |
 * | fits a kind     | ≥ {@link GUESS_MIN_SHARE} of them valid for it, or fixed by its fix    |
 * | one kind only   | a column fitting two kinds (or none) suggests nothing                 |
 * | a free field    | the first field of that kind that is neither a column nor suggested   |
 */
import type { Channel, Issue } from '../model.ts';
import type { HeaderAnalysis } from './headers.ts';
import { displayHeader } from './headers.ts';
import { makeIssue } from './issue.ts';
import { TEMPLATES, type FieldKind } from './templates.ts';
import { CODES } from './codes.ts';
import { valueChecker, type ValueCheck } from './values/index.ts';
import { trimCell } from './values/cell.ts';

export const GUESS_SAMPLE_ROWS = 200;
export const GUESS_MIN_VALUES = 3;
export const GUESS_MIN_SHARE = 0.8;

/** The kinds a column can be guessed as; other kinds (text, tags…) fit almost anything. */
const GUESSED_KINDS = ['phone', 'email', 'date', 'status'] as const satisfies readonly FieldKind[];
type GuessedKind = (typeof GUESSED_KINDS)[number];

export interface GuessContext {
  channel: Channel;
  region: string;
  today: string;
}

/** A value MAAC takes, or one a proposed fix makes acceptable (`1985/12/31`, `Opted In`, `912345678`). */
function acceptable(check: ValueCheck): boolean {
  if (check.value !== undefined) return true;
  return check.findings.length > 0 && check.findings.every((f) => f.fix !== undefined || (f.severity ?? CODES[f.code].severity) !== 'error');
}

/** Whether a trimmed, non-blank value is a value of the kind, as the row checker would accept it (maybe after its fix). */
function kindTest(kind: GuessedKind, context: GuessContext): (text: string) => boolean {
  const check = valueChecker(kind, {
    region: context.region, whatsapp: false, today: context.today, fieldName: kind, allowed: TEMPLATES[context.channel].statuses ?? [],
  });
  // A bare number is a date only as a spreadsheet serial: ids and amounts would read as dates too.
  if (kind === 'date') return (text) => !/^\d+(\.\d+)?$/.test(text) && acceptable(check(text));
  return (text) => acceptable(check(text));
}

/** The kind most of a column's values are valid for, when exactly one is (see the table above). */
export function guessKind(values: readonly string[], context: GuessContext): GuessedKind | undefined {
  const texts = values.map(trimCell).filter((v) => v !== '').slice(0, GUESS_SAMPLE_ROWS);
  if (texts.length < GUESS_MIN_VALUES) return undefined;
  const kinds = GUESSED_KINDS
    .filter((kind) => kind !== 'status' || TEMPLATES[context.channel].statuses !== undefined)
    .filter((kind) => {
      const valid = kindTest(kind, context);
      return texts.filter(valid).length >= GUESS_MIN_SHARE * texts.length;
    });
  return kinds.length === 1 ? kinds[0] : undefined;
}

/**
 * Column index → the field its values suggest, for the columns the analysis reads as nothing and
 * suggests nothing for (not mapped, not an alias); `sample` is rows of cells in file order.
 */
export function guessFieldsFromValues(analysis: HeaderAnalysis, sample: readonly (readonly string[])[], context: GuessContext): Map<number, string> {
  const guesses = new Map<number, string>();
  const unknown = new Set(analysis.issues.filter((i) => i.code === 'header.unknown').map((i) => i.columnIndex));
  const taken = new Set<string>([...analysis.columnOf.keys(), ...analysis.columns.flatMap((c) => (c.rename ? [c.rename] : []))]);
  const fields = TEMPLATES[context.channel].fields;
  for (const column of analysis.columns) {
    if (!unknown.has(column.index)) continue;
    const kind = guessKind(sample.slice(0, GUESS_SAMPLE_ROWS).map((cells) => cells[column.index] ?? ''), context);
    const field = kind && fields.find((f) => f.kind === kind && !taken.has(f.name));
    if (!field) continue;
    guesses.set(column.index, field.name);
    taken.add(field.name);
  }
  return guesses;
}

/**
 * The header issues with each guessed column's `header.unknown` turned into a `header.alias`
 * (an error when the field is required, standing in for its `header.missing_required`: R-H4a).
 */
export function withValueGuesses(issues: readonly Issue[], guesses: ReadonlyMap<number, string>, channel: Channel): Issue[] {
  if (guesses.size === 0) return [...issues];
  const specs = new Map(TEMPLATES[channel].fields.map((f) => [f.name, f] as const));
  const guessedFields = new Set(guesses.values());
  return issues.flatMap((issue) => {
    if (issue.code === 'header.missing_required' && issue.field !== undefined && guessedFields.has(issue.field)) return [];
    const field = issue.code === 'header.unknown' && issue.columnIndex !== undefined ? guesses.get(issue.columnIndex) : undefined;
    if (field === undefined) return [issue];
    const column = issue.column ?? displayHeader('', issue.columnIndex!);
    const severity = specs.get(field)?.required ? 'error' : 'warning';
    return [makeIssue('header.alias', { column, columnIndex: issue.columnIndex, fix: field }, { ...issue.params, guessed: 'values' }, severity)];
  });
}
