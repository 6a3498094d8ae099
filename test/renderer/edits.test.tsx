// @vitest-environment jsdom
/** Issue #17 item 5 in the review: find and replace with a live count, set a value for the filtered rows, exclude rows. */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cellText, gridCell, gridRow, openSample, renderApp } from './harness.tsx';

describe('spreadsheet-like edits', () => {
  it('finds and replaces in one column with a live count; focus returns to the button; undo restores', async () => {
    const r = renderApp();
    await openSample(r);
    const open = screen.getByRole('button', { name: 'Edit' });
    fireEvent.click(open);
    expect(open.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Find & replace…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Find and replace' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Find'));
    fireEvent.change(within(dialog).getByLabelText('Find'), { target: { value: 'vip' } });
    fireEvent.change(within(dialog).getByLabelText('Replace with'), { target: { value: 'Gold' } });
    fireEvent.change(within(dialog).getByLabelText('In column'), { target: { value: '7' } });
    expect(await within(dialog).findByText('2 cells in 2 rows would change.')).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText('Match case'));
    expect(await within(dialog).findByText('Nothing would change.')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Replace' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByLabelText('Match case'));
    expect(await within(dialog).findByText('2 cells in 2 rows would change.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Replace' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(open);
    await waitFor(() => expect(cellText(gridCell(3, 7))).toBe('Gold'));
    expect(cellText(gridCell(5, 7))).toBe('新客，Gold');
    expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'replace', find: 'vip', replace: 'Gold', columnIndex: 7 } }]);
    expect(await screen.findByText('Replaced “vip” with “Gold” in column “tags” (2 rows)')).toBeTruthy();

    await waitFor(() => expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(cellText(gridCell(3, 7))).toBe('VIP'));
    expect(cellText(gridCell(5, 7))).toBe('新客，VIP');
  });

  it('sets a value in one column for the rows the filter shows', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: '張雅婷' } });
    await waitFor(() => expect(screen.getByText('2 of 6 rows')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.click(screen.getByRole('button', { name: 'Set value…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set a value for the filtered rows' });
    expect(within(dialog).getByText('The 2 rows the grid shows now (its filters and search) get this value in the column.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('In column'), { target: { value: '8' } });
    fireEvent.change(within(dialog).getByLabelText('Value'), { target: { value: 'same person' } });
    expect(await within(dialog).findByText('2 cells in 2 rows would change.')).toBeTruthy();
    fireEvent.submit(within(dialog).getByLabelText('Value').closest('form')!);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(cellText(gridCell(4, 8))).toBe('same person'));
    expect(cellText(gridCell(7, 8))).toBe('same person');
    expect(r.fake.caseRows('case-1').map((cells) => cells[8])).toEqual(['', '', 'same person', '', 'call \u202Eevening', 'same person']);
    expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'set', value: 'same person', columnIndex: 8, filter: { text: '張雅婷' } } }]);
    expect(await screen.findByText('Set note to “same person” (2 rows)')).toBeTruthy();
  });

  it('excludes a row from the row panel: marked in the grid and the panel, counted, and included again', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(gridCell(6, 2));
    const panel = await screen.findByRole('region', { name: 'Row 6' });
    fireEvent.click(await within(panel).findByRole('button', { name: 'Exclude row' }));
    await waitFor(() => expect(gridRow(6).dataset.excluded).toBe(''));
    expect(within(gridRow(6)).getByText('Excluded')).toBeTruthy();
    expect(await within(panel).findByText('Excluded from the upload-ready file.')).toBeTruthy();
    expect(gridRow(6).querySelector('[data-outcome]')?.getAttribute('data-outcome')).toBe('fail');
    expect(await screen.findByText('1 row is excluded and left out of the upload-ready file (0 of them would otherwise be uploaded).')).toBeTruthy();
    expect(await screen.findByText('Excluded 1 row from the upload-ready file')).toBeTruthy();
    // The grid can show the excluded rows only.
    fireEvent.click(screen.getByRole('button', { name: 'Excluded rows only' }));
    await waitFor(() => expect(screen.getByText('1 of 6 rows')).toBeTruthy());
    expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ filter: { excluded: true } });
    fireEvent.click(screen.getByRole('button', { name: 'Excluded rows only' }));
    await waitFor(() => expect(screen.getByText('6 rows')).toBeTruthy());
    fireEvent.click(gridCell(6, 2));
    fireEvent.click(await within(await screen.findByRole('region', { name: 'Row 6' })).findByRole('button', { name: 'Include row' }));
    await waitFor(() => expect(gridRow(6).dataset.excluded).toBeUndefined());
    expect(r.fake.callsOf('applyFix')).toEqual([
      { caseId: 'case-1', fix: { kind: 'exclude', rows: [6], excluded: true } },
      { caseId: 'case-1', fix: { kind: 'exclude', rows: [6], excluded: false } },
    ]);
  });

  it('excludes the filtered rows with a count first', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search' }), { target: { value: '張雅婷' } });
    await waitFor(() => expect(screen.getByText('2 of 6 rows')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.click(screen.getByRole('button', { name: 'Exclude…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Exclude or include the filtered rows' });
    expect(within(dialog).getByLabelText('Exclude the 2 filtered rows')).toBeTruthy();
    expect(await within(dialog).findByText('2 rows would change.')).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText('Include the 2 filtered rows again'));
    expect(await within(dialog).findByText('Nothing would change.')).toBeTruthy();
    fireEvent.click(within(dialog).getByLabelText('Exclude the 2 filtered rows'));
    expect(await within(dialog).findByText('2 rows would change.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(gridRow(4).dataset.excluded).toBe(''));
    expect(gridRow(7).dataset.excluded).toBe('');
    expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'exclude', filter: { text: '張雅婷' }, excluded: true } }]);
  });
});

describe('a bounded preview (issue #17: a large case is not read whole while typing)', () => {
  for (const [lang, find, partial, nothing] of [
    ['en', 'Find', 'At least 1 cell in 1 row would change (the first 2 of 6 rows looked at; the edit does them all).', 'Nothing would change in the first 2 of 6 rows; the edit looks at them all.'],
    ['zh-TW', '尋找', '至少將變更 1 列中的 1 個儲存格（僅檢視了 6 列中的前 2 列；實際編輯會處理所有資料列）。', '前 2 列（共 6 列）中沒有任何內容會變更；實際編輯會檢查所有資料列。'],
  ] as const) {
    it(`words a preview of the first rows as a lower bound, and the edit can still be applied (${lang})`, async () => {
      const r = renderApp({ fakeOptions: { previewRowBound: 2 }, lang });
      await openSample(r);
      fireEvent.click(screen.getByRole('button', { name: r.i18n.t('edits.menu') }));
      fireEvent.click(screen.getByRole('button', { name: r.i18n.t('edits.findReplace') }));
      const dialog = await screen.findByRole('dialog', { name: r.i18n.t('edits.findTitle') });
      // "vip" is in the tags of rows 3 and 5: row 3 is among the first two rows (2 and 3).
      fireEvent.change(within(dialog).getByLabelText(find), { target: { value: 'vip' } });
      fireEvent.change(within(dialog).getByLabelText(r.i18n.t('edits.column')), { target: { value: '7' } });
      expect(await within(dialog).findByText(partial)).toBeTruthy();
      // Row 5's "新客，VIP" is past the first two rows: none there, but the edit may still change some.
      fireEvent.change(within(dialog).getByLabelText(find), { target: { value: '新客' } });
      expect(await within(dialog).findByText(nothing)).toBeTruthy();
      const replace = within(dialog).getByRole('button', { name: r.i18n.t('edits.replaceAll') }) as HTMLButtonElement;
      expect(replace.disabled).toBe(false);
      fireEvent.click(replace);
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      await waitFor(() => expect(cellText(gridCell(5, 7))).toBe('，VIP'));
    });
  }
});
