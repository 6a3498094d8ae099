// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cellText, gridCell, gridRow, openSample, renderApp, settle } from './harness.tsx';
import { createFakeApi } from '../helpers/fake-api.ts';

const renderedRows = () => Array.from(screen.getByRole('grid').querySelectorAll<HTMLElement>('[role="row"][data-row]')).map((r) => Number(r.dataset.row));

describe('review', () => {
  it('colours cells by severity, with code and message as the cell description', async () => {
    const r = renderApp();
    await openSample(r);
    const phone = gridCell(2, 0);
    expect(phone.className).toContain('sev-error');
    expect(phone.dataset.code).toBe('phone.leading_zero_lost');
    expect(phone.querySelector('.cell-glyph')?.textContent).toBe('✕');
    const tip = document.getElementById(phone.getAttribute('aria-describedby') ?? '');
    expect(tip?.querySelector('[data-code="phone.leading_zero_lost"]')?.textContent).toBe('phone.leading_zero_lost');
    expect(tip?.textContent).toContain('"933111222" lost its leading 0');
    expect(tip?.textContent).toContain('+886933111222');
    // Outcome per row; a blank WhatsApp status is skipped, the duplicate person is flagged.
    expect(within(gridRow(4)).getByText('Skip').dataset.outcome).toBe('skip');
    expect(gridCell(7, 0).dataset.code).toBe('key.duplicate_in_file');
    expect(gridCell(7, 0).className).toContain('sev-warning');
    // Invisible characters are visible.
    expect(cellText(gridCell(6, 8))).toBe('call ⟨U+202E⟩evening');
  });

  it('shows the focused cell’s issues in the detail line; arrow keys move the focused cell', async () => {
    const r = renderApp();
    await openSample(r);
    const first = gridCell(2, 0);
    fireEvent.click(first);
    act(() => first.focus());
    expect(screen.getByText('Row 2 · WhatsApp_mobile')).toBeTruthy();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(gridCell(3, 0)));
    expect(screen.getByText('Row 3 · WhatsApp_mobile')).toBeTruthy();
    expect(document.querySelector('.cell-detail [data-code="phone.scientific"]')).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(gridCell(3, 1)));
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(document.activeElement?.getAttribute('role')).toBe('rowheader'));
    // The row panel follows the focused row.
    expect(await screen.findByRole('heading', { name: 'Row 3' })).toBeTruthy();
    // Only the active cell is a tab stop.
    expect(screen.getByRole('grid').querySelectorAll('[tabindex="0"]').length).toBe(1);
  });

  it('filters the grid by clicking a code bar, and by column', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(screen.getByRole('button', { name: 'Error Leading 0 lost phone.leading_zero_lost 1 — show these rows' }));
    await waitFor(() => expect(renderedRows()).toEqual([2]));
    expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ filter: { code: 'phone.leading_zero_lost' }, offset: 0, limit: 100 });
    expect(screen.getByRole('button', { name: 'Error Leading 0 lost phone.leading_zero_lost 1 — show these rows' }).getAttribute('aria-pressed')).toBe('true');
    expect(await screen.findByText('1 of 6 rows')).toBeTruthy();
    // Clicking again clears the filter.
    fireEvent.click(screen.getByRole('button', { name: 'Error Leading 0 lost phone.leading_zero_lost 1 — show these rows' }));
    await waitFor(() => expect(renderedRows()).toEqual([2, 3, 4, 5, 6, 7]));

    fireEvent.click(screen.getByRole('button', { name: 'By column' }));
    fireEvent.click(screen.getByRole('button', { name: 'birthday 3 — show these rows' }));
    await waitFor(() => expect(renderedRows()).toEqual([2, 3, 5]));
    expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ filter: { columnIndex: 6 } });
  });

  it('filters by outcome, severity and text search, and sorts worst first', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'skip' } });
    await waitFor(() => expect(renderedRows()).toEqual([4]));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByLabelText('Severity'), { target: { value: 'warning' } });
    await waitFor(() => expect(renderedRows()).toEqual([7]));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: '張雅婷' } });
    await waitFor(() => expect(renderedRows()).toEqual([4, 7]));
    expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ filter: { text: '張雅婷' } });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'worstFirst' } });
    await waitFor(() => expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ sort: { by: 'severity', dir: 'desc' } }));
    await waitFor(() => expect(renderedRows().at(-1)).toBe(7));
  });

  it('accepts one proposed fix from the row panel', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(gridCell(2, 3));
    const panel = await screen.findByRole('region', { name: 'Row 2' });
    const gender = await within(panel).findByRole('button', { name: 'Accept fix for “Invalid gender” (gender.invalid): female' });
    expect(within(panel).getAllByText('phone.leading_zero_lost', { selector: '[data-code]' }).length).toBe(2);
    fireEvent.click(gender);
    await waitFor(() => expect(cellText(gridCell(2, 3))).toBe('female'));
    expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'issue', row: 2, columnIndex: 3, code: 'gender.invalid' } }]);
    expect(gridCell(2, 3).dataset.code).toBeUndefined();
    expect(await screen.findByText('Accepted the fix for “Invalid gender” in row 2 (gender.invalid)')).toBeTruthy();
    expect(await screen.findByText('1 row changed.')).toBeTruthy();
  });

  it('accepts every fix of a code at once, then undoes and redoes (buttons and keyboard)', async () => {
    const r = renderApp();
    await openSample(r);
    const card = screen.getByRole('region', { name: 'Issues' });
    // Two of the three date.invalid issues have a fix (1979-13-01 has no real month).
    const fixAll = within(card).getByRole('button', { name: 'Fix all 2: Invalid date (date.invalid)' });
    expect(fixAll.textContent).toBe('Fix all 2');
    fireEvent.click(fixAll);
    await waitFor(() => expect(cellText(gridCell(2, 6))).toBe('1988-07-09'));
    expect(cellText(gridCell(5, 6))).toBe('1989-05-20');
    expect(cellText(gridCell(3, 6))).toBe('1979-13-01'); // no fix: the month is impossible
    expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'code', code: 'date.invalid' } }]);

    await waitFor(() => expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(cellText(gridCell(2, 6))).toBe('1988/7/9'));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Redo' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.keyDown(window, { key: 'z', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(cellText(gridCell(2, 6))).toBe('1988-07-09'));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.keyDown(window, { key: 'z', metaKey: true });
    await waitFor(() => expect(cellText(gridCell(5, 6))).toBe('78/05/20'));
    expect(r.fake.callsOf('undo').length).toBe(2);
    expect(r.fake.callsOf('redo').length).toBe(1);
    await waitFor(() => expect((screen.getByRole('button', { name: 'Redo' }) as HTMLButtonElement).disabled).toBe(false));
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('edits a cell: Enter opens an editor, Enter saves, Escape cancels', async () => {
    const r = renderApp();
    await openSample(r);
    const cell = gridCell(3, 0);
    fireEvent.click(cell);
    act(() => cell.focus());
    fireEvent.keyDown(cell, { key: 'Enter' });
    const input = await screen.findByRole('textbox', { name: 'Edit row 3, WhatsApp_mobile' });
    expect((input as HTMLInputElement).value).toBe('8.86933E+11');
    fireEvent.keyDown(input, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('textbox', { name: /Edit row/ })).toBeNull());
    expect(r.fake.callsOf('applyFix')).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(gridCell(3, 0)));

    fireEvent.doubleClick(gridCell(3, 0));
    const again = await screen.findByRole('textbox', { name: 'Edit row 3, WhatsApp_mobile' });
    fireEvent.change(again, { target: { value: '0933222333' } });
    fireEvent.keyDown(again, { key: 'Enter' });
    await waitFor(() => expect(cellText(gridCell(3, 0))).toBe('0933222333'));
    expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'cell', row: 3, columnIndex: 0, value: '0933222333' } }]);
    expect(gridCell(3, 0).dataset.code).toBeUndefined();
  });

  it('a cell the Api sent cut (display-cells.ts) is marked with its full length and not edited in place', async () => {
    const fake = createFakeApi();
    const queryRows = fake.queryRows.bind(fake);
    fake.queryRows = async (input) => {
      const page = await queryRows(input);
      return { ...page, rows: page.rows.map((row) => (row.row === 3 ? { ...row, truncated: [{ index: 0, chars: 900_000 }] } : row)) };
    };
    const r = renderApp({ fake });
    await openSample(r);
    const cell = gridCell(3, 0);
    await waitFor(() => expect(cell.querySelector('.cell-cut')?.textContent).toBe('… (shown in part: 900,000 characters in all; not editable here)'));
    fireEvent.click(cell);
    act(() => cell.focus());
    fireEvent.keyDown(cell, { key: 'Enter' });
    fireEvent.doubleClick(cell);
    await settle(r);
    expect(screen.queryByRole('textbox', { name: /Edit row 3/ })).toBeNull();
    // Its neighbours are edited as usual.
    fireEvent.doubleClick(gridCell(4, 0));
    expect(await screen.findByRole('textbox', { name: 'Edit row 4, WhatsApp_mobile' })).toBeTruthy();
  });

  it('renames a header in one click and re-checks the file', async () => {
    const r = renderApp();
    await openSample(r);
    expect(document.querySelector('[data-code="tag.separator"]')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Rename “tags” to “tag”' }));
    await waitFor(() => expect(r.fake.callsOf('applyFix')).toEqual([{ caseId: 'case-1', fix: { kind: 'header', columnIndex: 7, to: 'tag' } }]));
    await settle(r);
    await waitFor(() => expect(gridCell(5, 7).dataset.code).toBe('tag.separator'));
    expect(screen.queryByRole('button', { name: 'Rename “tags” to “tag”' })).toBeNull();
  });

  it('shows rows while the check runs, with progress and Cancel', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true } });
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    const progress = await screen.findByRole('progressbar', { name: 'Checking the file: progress' });
    expect(progress).toBeTruthy();
    r.fake.advanceJobs();
    await waitFor(() => expect(renderedRows()).toEqual([2, 3, 4]));
    expect(screen.getByText('Checking…')).toBeTruthy();
    // Progress is a percent (a first check counts bytes, never shown bare), on the bar and in words.
    await waitFor(() => expect(screen.getByText('50%')).toBeTruthy());
    expect(screen.getByRole('progressbar', { name: 'Checking the file: progress' }).getAttribute('value')).toBe('50');
    r.fake.advanceJobs();
    await waitFor(() => expect(renderedRows()).toEqual([2, 3, 4, 5, 6, 7]));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  });

  it('cancels a running job', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true } });
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(r.fake.callsOf('cancelJob')).toEqual([{ jobId: 'job-1' }]));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(await screen.findByText('Cancelled.')).toBeTruthy();
  });

  it('shows a contact’s fields before → after once a snapshot is loaded', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(screen.getByText('Options'));
    fireEvent.click(screen.getByRole('button', { name: 'Load contact snapshot…' }));
    await waitFor(() => expect(r.fake.callsOf('loadSnapshot')).toEqual([{ caseId: 'case-1', path: '/picked/contacts-snapshot.csv' }]));
    await settle(r);
    fireEvent.click(gridCell(7, 2));
    const panel = await screen.findByRole('region', { name: 'Row 7' });
    const table = await within(panel).findByRole('table');
    const rows = within(table).getAllByRole('row').map((tr) => Array.from(tr.children).map((c) => c.textContent));
    expect(rows).toEqual([['Field', 'Before', 'After'], ['gender', '', 'female']]);
    expect(within(panel).getByText('Update').dataset.outcome).toBe('update');
    expect(within(panel).getByText('contact W1', { exact: false })).toBeTruthy();
  });
});
