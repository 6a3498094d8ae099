// @vitest-environment jsdom
/**
 * Issue #15, the marketer's path: a cancelled check leaves the case clearly incomplete (banner with
 * Check again, Export off with its reason), an unreadable file opens no case, and the export dialog
 * says how many rows each file will hold, asks for the UI's language, and exports an incomplete case
 * only as a partial set after a confirmation that names the missing rows.
 */
import { describe, expect, it } from 'vitest';
import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { openSample, renderApp, settle, type Rendered } from './harness.tsx';
import { createI18n } from '../../renderer/i18n/index.ts';
import { gapExportReason, gapPartialTexts, gapTitle } from '../../renderer/lib/check-gap.ts';

/** Opens the sample with jobs held, lets the check read half the rows (3 of 6), then cancels it. */
async function cancelHalfway(r: Rendered): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: r.i18n.t('start.open') }));
  await screen.findByRole('progressbar');
  r.fake.advanceJobs();
  await waitFor(() => expect(screen.getByRole('grid').querySelectorAll('[role="row"][data-row]').length).toBe(3));
  fireEvent.click(screen.getByRole('button', { name: r.i18n.t('jobs.cancel') }));
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
}

const exportButton = (name = 'Export…') => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('a cancelled check', () => {
  it('shows a banner "checked N of M rows", turns Export off with the reason, and Check again re-runs the check', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true } });
    await cancelHalfway(r);
    const banner = await screen.findByRole('region', { name: 'Checked 3 rows, about 50% of the file — the check was cancelled' });
    expect(banner.dataset.reason).toBe('cancelled');
    expect(within(banner).getByText('The rows that were not checked are left out of the counts, and exporting is off until every row is checked.')).toBeTruthy();
    expect(screen.getByText('Incomplete').className).toContain('state-tag');
    const button = exportButton();
    expect(button.disabled).toBe(true);
    expect(button.title).toBe('Export is off: only 3 rows (about 50% of the file) were checked. Check again first.');
    expect(button.parentElement!.title).toBe(button.title);
    expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent).toBe(button.title);

    fireEvent.click(within(banner).getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(r.fake.callsOf('recheckCase')).toEqual([{ caseId: 'case-1' }]));
    // While the check runs, Export stays off and says why.
    await waitFor(() => expect(exportButton().title).toBe('Export is off while a task runs. Wait until it finishes, or cancel it.'));
    await waitFor(() => expect(screen.queryByRole('region', { name: /Checked 3 rows/ })).toBeNull());
    r.fake.finishJobs();
    await settle(r);
    await waitFor(() => expect(exportButton().disabled).toBe(false));
    expect(exportButton().title).toBe('');
    expect(screen.queryByRole('region', { name: /the check was cancelled/ })).toBeNull();
    expect(screen.getByRole('grid').querySelectorAll('[role="row"][data-row]').length).toBe(6);
  });

  it('a fix while only part of the file is read is refused with a reason, and nothing changes', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true } });
    await cancelHalfway(r);
    const fixAll = document.querySelector<HTMLButtonElement>('.charts .btn-fix')!;
    fireEvent.click(fixAll);
    const alert = await screen.findByText(/^Only part of the file has been read, and a fix made now would be lost/);
    expect(alert.closest('[role="alert"]')?.querySelector('[data-code="case.partly_read"]')).toBeTruthy();
    expect(r.fake.caseRows('case-1')[0][0]).toBe('933111222');
  });

  it('says it in Traditional Chinese too', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true }, lang: 'zh-TW' });
    await cancelHalfway(r);
    const banner = await screen.findByRole('region', { name: '已檢查 3 列，約檔案的 50%——檢查已取消' });
    expect(within(banner).getByRole('button', { name: '重新檢查' })).toBeTruthy();
    expect(within(banner).getByRole('button', { name: '匯出不完整的檔案…' })).toBeTruthy();
    expect(exportButton('匯出…').title).toBe('無法匯出：只檢查了 3 列（約檔案的 50%）。請先重新檢查。');
    expect(exportButton('匯出…').disabled).toBe(true);
  });

  it('exports a partial set only after the confirmation naming what is missing, with .partial names', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true } });
    await cancelHalfway(r);
    fireEvent.click(await screen.findByRole('button', { name: 'Export a partial set…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export files' });
    const warning = within(dialog).getByRole('region', { name: 'This check is incomplete' });
    expect(within(warning).getByText('Only 3 rows (about 50% of the file) were checked: the rest of the file is missing from every file.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' }));
    await within(dialog).findByText('/exports');
    const run = within(dialog).getByRole('button', { name: 'Export' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(within(dialog).getByText('Confirm the partial export above, or close this and check again.')).toBeTruthy();
    fireEvent.click(within(warning).getByRole('checkbox', { name: 'Export a partial set anyway, without the rest of the file. Every file name will say “.partial”.' }));
    expect(run.disabled).toBe(false);
    fireEvent.click(run);
    await waitFor(() => expect(r.fake.callsOf('exportFiles')).toHaveLength(1));
    await waitFor(() => expect(screen.getByRole('progressbar')).toBeTruthy());
    r.fake.finishJobs();
    expect(await within(dialog).findByText('3 files written')).toBeTruthy();
    expect(r.fake.callsOf('exportFiles')).toEqual([
      { caseId: 'case-1', dir: '/exports', uploadReady: true, errorReport: true, rejectedRows: true, conflicts: false, profiles: false, snapshot: false, allRows: false, splitByCountry: false, partial: true, lang: 'en' },
    ]);
    expect(within(dialog).getAllByRole('listitem').map((li) => li.querySelector('.file-path')?.textContent)).toEqual([
      '/exports/whatsapp-from-excel.partial.upload-ready.csv', '/exports/whatsapp-from-excel.partial.errors.csv', '/exports/whatsapp-from-excel.partial.rejected.csv',
    ]);
  });

  it('the partial confirmation names the missing rows when the total is known (a cancelled re-check)', async () => {
    const r = renderApp({ fakeOptions: { holdJobs: true } });
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('progressbar');
    r.fake.finishJobs();
    await settle(r);
    fireEvent.click(screen.getByText('Options'));
    fireEvent.change(screen.getByLabelText('Phone region'), { target: { value: 'HK' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply and check again' }));
    await screen.findByRole('progressbar');
    r.fake.advanceJobs();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const banner = await screen.findByRole('region', { name: 'Checked 3 of 6 rows — the check was cancelled' });
    fireEvent.click(within(banner).getByRole('button', { name: 'Export a partial set…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Export files' });
    expect(within(dialog).getByText('Only 3 of 6 rows were checked: 3 rows are missing from every file.')).toBeTruthy();
    expect(within(dialog).getByRole('checkbox', { name: 'Export a partial set anyway, without the 3 missing rows. Every file name will say “.partial”.' })).toBeTruthy();
  });
});

describe('the words of a check that did not finish', () => {
  it('N of M when the total is known, a share of the file when only that is, else "not the whole file"', () => {
    const en = createI18n('en');
    const zh = createI18n('zh-TW');
    const known = { reason: 'failed' as const, checkedRows: 92_000, totalRows: 200_000 };
    const part = { reason: 'cancelled' as const, checkedRows: 92_000, percent: 46 };
    const unknown = { reason: 'cancelled' as const, checkedRows: 2_000 };
    expect([known, part, unknown].map((gap) => gapTitle(gap, en.t, 'en'))).toEqual([
      'Checked 92,000 of 200,000 rows — the check failed',
      'Checked 92,000 rows, about 46% of the file — the check was cancelled',
      'Checked 2,000 rows, not the whole file — the check was cancelled',
    ]);
    expect([known, part, unknown].map((gap) => gapTitle(gap, zh.t, 'zh-TW'))).toEqual([
      '已檢查 200,000 列中的 92,000 列——檢查失敗',
      '已檢查 92,000 列，約檔案的 46%——檢查已取消',
      '已檢查 2,000 列，並非整個檔案——檢查已取消',
    ]);
    expect(gapExportReason(unknown, en.t, 'en')).toBe('Export is off: only 2,000 rows were checked, not the whole file. Check again first.');
    expect(gapPartialTexts(known, en.t, 'en')).toEqual({
      body: 'Only 92,000 of 200,000 rows were checked: 108,000 rows are missing from every file.',
      confirm: 'Export a partial set anyway, without the 108,000 missing rows. Every file name will say “.partial”.',
    });
    expect(gapPartialTexts(unknown, zh.t, 'zh-TW').body).toBe('只檢查了 2,000 列：每個檔案都會少了檔案其餘的部分。');
  });
});

describe('a file that cannot be read opens no case', () => {
  it.each([
    ['/picked/photo.png', 'file.picture', 'This is a picture, not a list', 'Open the CSV file that holds your contacts instead.'],
    ['/picked/archive.zip', 'file.workbook', 'This is a zip archive, not a list', 'If it is an Excel workbook, it is damaged: save it again in Excel. Open the CSV file or the Excel workbook (.xlsx) that holds your contacts instead.'],
    ['/picked/empty.csv', 'file.empty', 'The file is empty', 'There is nothing in it to check. Open the right file.'],
    ['/picked/header-only.csv', 'file.header_only', 'The file has only a header row', 'There are no contacts in it. Add contacts below the header row, or open the right file.'],
  ])('%s: the start screen says what it is and what to do', async (picked, code, title, action) => {
    const r = renderApp();
    r.fake.picks.list = picked;
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    const panel = await screen.findByRole('alert', { name: title });
    expect(within(panel).getByText(action)).toBeTruthy();
    expect(within(panel).getByText(code).dataset.code).toBe(code);
    expect(within(panel).getByText(`File: ${picked.split('/').pop()}`, { exact: false })).toBeTruthy();
    // No case screen: still the start screen, nothing to review or export.
    expect(screen.queryByRole('grid')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export…' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Check a contact list before it goes into MAAC' })).toBeTruthy();
    // Opening a readable file next clears it.
    r.fake.picks.list = '/picked/whatsapp-from-excel.csv';
    await openSample(r);
    expect(screen.queryByRole('alert', { name: title })).toBeNull();
  });

  it('with a case open (a picture dropped on its window), the case stays and the banner says what the file is', async () => {
    const r = renderApp();
    await openSample(r);
    const drop = createEvent.drop(window);
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [new File(['x'], 'photo.png', { type: 'image/png' })], types: ['Files'] } });
    fireEvent(window, drop);
    await waitFor(() => expect(r.fake.callsOf('openFile')).toEqual([{ path: '/picked/whatsapp-from-excel.csv', region: 'TW' }, { path: '/uploads/photo.png', region: 'TW' }]));
    const alert = await screen.findByText(/This is a picture \(PNG\), not a list\./);
    expect(alert.closest('[role="alert"]')?.querySelector('[data-code="file.picture"]')).toBeTruthy();
    expect(screen.getByRole('grid')).toBeTruthy();
  });

  it('in Traditional Chinese', async () => {
    const r = renderApp({ lang: 'zh-TW' });
    r.fake.picks.list = '/picked/photo.png';
    fireEvent.click(await screen.findByRole('button', { name: '開啟 CSV 檔案…' }));
    const panel = await screen.findByRole('alert', { name: '這是一張圖片，不是名單' });
    expect(within(panel).getByText('請改為開啟存有聯絡人的 CSV 檔案。')).toBeTruthy();
  });
});

describe('the export dialog', () => {
  it('shows how many rows each file will hold before writing', async () => {
    const r = renderApp();
    await openSample(r);
    const counts = await r.fake.getCounts({ caseId: 'case-1', filter: {} });
    const { create, update, unchanged, skip, fail } = counts.byOutcome;
    const issues = counts.byCode.reduce((n, c) => n + c.count, 0) + (await r.fake.getCase({ caseId: 'case-1' })).fileIssues.length;
    expect(create + update + unchanged).toBeGreaterThan(0);
    expect(skip + fail).toBeGreaterThan(0);
    fireEvent.click(exportButton());
    const dialog = await screen.findByRole('dialog', { name: 'Export files' });
    const holds = () => Object.fromEntries([...dialog.querySelectorAll<HTMLElement>('[data-will-hold]')].map((el) => [el.dataset.willHold, el.textContent]));
    const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;
    expect(holds()).toEqual({ uploadReady: `(${rows(create + update + unchanged)})`, errorReport: `(about ${rows(issues)})`, rejectedRows: `(${rows(skip + fail)})` });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Include rows that would fail/ }));
    expect(holds().uploadReady).toBe(`(${rows(counts.rows)})`);
  });

  it('asks for the export in the UI language, and words a failed export in it', async () => {
    const r = renderApp({ lang: 'zh-TW' });
    await openSample(r);
    r.fake.exportFiles = async () => {
      throw Object.assign(new Error('Could not write "/exports/x.csv": the disk is full. Nothing was written there.'), { code: 'export.failed' });
    };
    fireEvent.click(exportButton('匯出…'));
    const dialog = await screen.findByRole('dialog', { name: '匯出檔案' });
    expect(within(dialog).getByText(/^\(\d+ 列\)$/, { selector: '[data-will-hold="uploadReady"]' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '選擇資料夾…' }));
    await within(dialog).findByText('/exports');
    fireEvent.click(within(dialog).getByRole('button', { name: '匯出' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('檔案沒有寫入 無法寫入檔案，也沒有留下不完整的檔案。原因如下：請選擇其他資料夾或排除所述問題後再試一次。 Could not write "/exports/x.csv": the disk is full. Nothing was written there. export.failed');
  });

  it('sends lang zh-TW with the request', async () => {
    const r = renderApp({ lang: 'zh-TW' });
    await openSample(r);
    fireEvent.click(exportButton('匯出…'));
    const dialog = await screen.findByRole('dialog', { name: '匯出檔案' });
    fireEvent.click(within(dialog).getByRole('button', { name: '選擇資料夾…' }));
    await within(dialog).findByText('/exports');
    fireEvent.click(within(dialog).getByRole('button', { name: '匯出' }));
    await waitFor(() => expect(r.fake.callsOf('exportFiles')).toHaveLength(1));
    expect(r.fake.callsOf('exportFiles')[0]).toMatchObject({ lang: 'zh-TW', partial: false });
  });
});
