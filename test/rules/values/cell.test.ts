import { describe, expect, it } from 'vitest';
import { checkCellText, isBlankCell, trimCell } from '../../../core/rules/values/cell.ts';
import type { ValueFinding } from '../../../core/rules/values/types.ts';

const standard = { standardField: true };

describe('checkCellText (R-V1, R-V10 null, R-V11)', () => {
  it.each<[string, ValueFinding[]]>([
    ['Mei', []],
    [' Mei ', [{ code: 'cell.whitespace', fix: 'Mei' }]],
    ['\u00a0Mei\u3000', [{ code: 'cell.whitespace', fix: 'Mei' }]],
    ['Mei\u200b', [{ code: 'cell.whitespace', fix: 'Mei' }]],
    ['=SUM(A1:A3)', [{ code: 'cell.formula_like', params: { first: '=' } }]],
    ['+cmd', [{ code: 'cell.formula_like', params: { first: '+' } }]],
    ['-2+3', [{ code: 'cell.formula_like', params: { first: '-' } }]],
    ['@SUM(1)', [{ code: 'cell.formula_like', params: { first: '@' } }]],
    ['\t=1', [{ code: 'cell.whitespace', fix: '=1' }, { code: 'cell.formula_like', params: { first: 'TAB' } }]],
    ['\rabc', [{ code: 'cell.whitespace', fix: 'abc' }, { code: 'cell.formula_like', params: { first: 'CR' } }]],
    [' =1', [{ code: 'cell.whitespace', fix: '=1' }, { code: 'cell.formula_like', params: { first: '=' } }]],
    // numbers and phone numbers are not formulas; a lone sign is kept as text by spreadsheets
    ['-12.5', []],
    ['+3', []],
    ['-1,234.5', []],
    ['+886912345678', []],
    ['+886 912 345 678', []],
    ['+85261234567', []],
    ['-', []],
    ['+886', []], // a number to a spreadsheet
    ['+886 91', [{ code: 'cell.formula_like', params: { first: '+' } }]],
    ['null', [{ code: 'cell.null_literal' }]],
    [' NULL ', [{ code: 'cell.whitespace', fix: 'NULL' }, { code: 'cell.null_literal' }]],
    ['nullable', []],
  ])('%j', (raw, expected) => {
    expect(checkCellText(raw, standard)).toEqual(expected);
  });

  it('keeps null quiet in a custom field, where it clears the value', () => {
    expect(checkCellText('null', { standardField: false })).toEqual([]);
  });

  it('trims every Unicode space', () => {
    expect(trimCell('\ufeff\t a b \u3000\n')).toBe('a b');
    expect(isBlankCell('\u00a0\u3000 ')).toBe(true);
    expect(isBlankCell(' x ')).toBe(false);
  });
});
