/** The command's summary counts each code once per row that has it, and every issue with a fix. */
import { describe, expect, it } from 'vitest';
import { SummaryCollector } from '../../core/cli/summary.ts';
import type { Issue } from '../../core/model.ts';

const issue = (code: string, fix?: string): Issue => ({ code, severity: 'error', message: '', ...(fix === undefined ? {} : { fix }) });

describe('SummaryCollector', () => {
  it('counts a code once per row however many times the row has it, and each fixable issue', () => {
    const summary = new SummaryCollector();
    summary.addRow('fail', [issue('phone.leading_zero_lost', '+886912345678'), issue('phone.leading_zero_lost', '+886922333444'), issue('date.invalid')]);
    summary.addRow('fail', [issue('phone.leading_zero_lost')]);
    summary.addRow('create', []);
    summary.addRow('fail', [issue('date.invalid', '1990-01-02'), issue('gender.invalid'), issue('date.invalid')]);
    const tallies = Object.fromEntries([...summary.codes].map(([code, t]) => [code, [t.rows, t.fixable]]));
    expect(tallies).toEqual({ 'phone.leading_zero_lost': [2, 2], 'date.invalid': [2, 1], 'gender.invalid': [1, 0] });
  });
});
