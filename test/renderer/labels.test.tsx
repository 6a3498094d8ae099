// @vitest-environment jsdom
/** Issue #17: codes are named by their label first, with the code beside it, in both languages. */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { issueLabel, type Lang } from '../../core/rules/messages.ts';
import { openSample, renderApp } from './harness.tsx';

/** The label and code an element shows, checking the label comes first and the code is the selectable <code>. */
function labelThenCode(el: Element): [string, string] {
  const label = el.querySelector('.issue-label');
  const code = el.querySelector('code.issue-code');
  expect(label, el.outerHTML).toBeTruthy();
  expect(code, el.outerHTML).toBeTruthy();
  expect(label!.compareDocumentPosition(code!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  return [label!.textContent ?? '', code!.textContent ?? ''];
}

const expected = (codes: string[], lang: Lang) => codes.map((code) => [issueLabel(code, lang), code]);

describe.each(['en', 'zh-TW'] as const)('labels first, codes beside them (%s)', (lang) => {
  it('in the Issues chart and the code filter', async () => {
    const r = renderApp({ lang });
    await openSample(r);
    const card = screen.getByRole('region', { name: r.i18n.t('charts.title') });
    const bars = [...card.querySelectorAll('.bar-item[data-code]')];
    const codes = bars.map((b) => b.getAttribute('data-code') ?? '');
    expect(codes).toContain('phone.leading_zero_lost');
    expect(bars.map((b) => labelThenCode(b.querySelector('.bar-button')!))).toEqual(expected(codes, lang));
    // The bar's name starts with the severity and the label, so speech users can say what they see.
    const leadingZero = within(card).getByRole('button', { name: new RegExp(`^${r.i18n.t('severity.error')} ${issueLabel('phone.leading_zero_lost', lang)} phone\\.leading_zero_lost 1`) });
    expect(leadingZero.getAttribute('aria-pressed')).toBe('false');

    const select = screen.getByLabelText(r.i18n.t('filters.code')) as HTMLSelectElement;
    const options = [...select.options].slice(1).map((o) => [o.value, o.textContent]);
    const open = lang === 'en' ? ' (' : '（';
    const close = lang === 'en' ? ')' : '）';
    expect(options).toEqual(codes.map((code) => [code, `${issueLabel(code, lang)}${open}${code}${close}`]));
    fireEvent.change(select, { target: { value: 'phone.leading_zero_lost' } });
    await waitFor(() => expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ filter: { code: 'phone.leading_zero_lost' } }));
  });

  it('in the file-note chips and their list', async () => {
    const r = renderApp({ lang });
    await openSample(r);
    const items = [...document.querySelectorAll('.file-issues .issue-item')];
    const codes = [...new Set(items.map((li) => li.getAttribute('data-code') ?? ''))];
    expect(codes).toEqual(expect.arrayContaining(['file.channel_detected', 'risk.wa_not_opted_in', 'header.unknown']));
    const chips = [...document.querySelectorAll('.file-issues summary .summary-codes .issue-name')].map(labelThenCode);
    expect(chips).toEqual(expected(codes, lang));
    expect(items.map((li) => labelThenCode(li.querySelector('.issue-name')!))).toEqual(expected(items.map((li) => li.getAttribute('data-code') ?? ''), lang));
  });

  it('in the row panel', async () => {
    const r = renderApp({ lang });
    await openSample(r);
    fireEvent.click(screen.getByRole('grid').querySelector('[role="row"][data-row="2"] [role="gridcell"]:nth-child(3)')!);
    const panel = await screen.findByRole('region', { name: r.i18n.t('rowPanel.titleRow', { row: 2 }) });
    const names = await waitFor(() => {
      const found = [...panel.querySelectorAll('.issue-item .issue-name')].map(labelThenCode);
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(names).toContainEqual([issueLabel('phone.leading_zero_lost', lang), 'phone.leading_zero_lost']);
    expect(names).toContainEqual([issueLabel('gender.invalid', lang), 'gender.invalid']);
  });

  it('in the Import preview: the Codes column and list health', async () => {
    const r = renderApp({ lang });
    await openSample(r);
    fireEvent.click(screen.getByRole('tab', { name: r.i18n.t('tabs.preview') }));
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(7));
    const row7 = within(table).getByRole('rowheader', { name: '7' }).closest('tr')!;
    expect([...row7.querySelectorAll('.issue-name')].map(labelThenCode)).toEqual(expected(['key.duplicate_in_file'], lang));
    const health = screen.getByRole('region', { name: r.i18n.t('preview.healthTitle') });
    expect([...health.querySelectorAll('.issue-name')].map(labelThenCode)).toEqual(expected(['risk.wa_not_opted_in'], lang));
  });
});
