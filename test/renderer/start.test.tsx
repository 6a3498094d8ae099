// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeApi } from '../helpers/fake-api.ts';
import { act } from '@testing-library/react';
import { renderApp, settle } from './harness.tsx';

function dropFile(file: File) {
  const drop = createEvent.drop(window);
  Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } });
  fireEvent(window, drop);
}

describe('start screen', () => {
  it('offers samples and recent cases from appInfo', async () => {
    renderApp();
    expect(await screen.findByRole('button', { name: 'Open whatsapp-from-excel.csv' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'spring-campaign.csv' })).toHaveLength(2);
    // Snapshot and definition samples are offered as options, not as lists to open.
    expect(screen.queryByRole('button', { name: 'Open contacts-snapshot.csv' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Use sample contacts-snapshot.csv' })).toBeTruthy();
  });

  it('opens a picked CSV with the options chosen before, then shows facts and codes', async () => {
    const r = renderApp();
    fireEvent.change(await screen.findByLabelText('Channel'), { target: { value: 'whatsapp' } });
    expect((screen.getByLabelText('Matching key') as HTMLSelectElement).selectedOptions[0].textContent).toBe('Default (phone)');
    fireEvent.change(screen.getByLabelText('Time zone of the file’s times'), { target: { value: 'Asia/Taipei' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use sample contacts-snapshot.csv' }));
    fireEvent.click(screen.getByRole('button', { name: 'Open a CSV file…' }));

    await screen.findByRole('grid');
    await settle(r);
    expect(r.fake.callsOf('pickFile')).toEqual(['list']);
    // One pass (issue #15): the snapshot goes with the open, so no second load and re-check follow.
    expect(r.fake.callsOf('openFile')).toEqual([{ path: '/picked/whatsapp-from-excel.csv', channel: 'whatsapp', region: 'TW', timeZone: 'Asia/Taipei', snapshot: '/samples/contacts-snapshot.csv' }]);
    expect(r.fake.callsOf('loadSnapshot')).toEqual([]);
    expect(r.fake.callsOf('recheckCase')).toEqual([]);

    const facts = screen.getByRole('region', { name: /whatsapp-from-excel\.csv/ });
    expect(within(facts).getByText('UTF-8')).toBeTruthy();
    expect(within(facts).getByText('comma (,)')).toBeTruthy();
    expect(within(facts).getByText('6')).toBeTruthy();
    expect(within(facts).getByText('contacts-snapshot.csv (4 contacts)')).toBeTruthy();
    // Codes are on screen as text and as data-code.
    expect(document.querySelector('[data-code="header.unknown"]')?.textContent).toContain('header.unknown');
    expect(screen.getAllByText('phone.leading_zero_lost').length).toBeGreaterThan(0);
  });

  it('opens a file dropped anywhere in the window through the bridge (upload in the browser)', async () => {
    const r = renderApp();
    await screen.findByRole('button', { name: 'Open a CSV file…' });
    const file = new File(['WhatsApp_mobile\n0912345678\n'], 'dropped list.csv', { type: 'text/csv' });
    const drop = createEvent.drop(window);
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } });
    fireEvent(window, drop);
    await screen.findByRole('grid');
    expect(r.fake.callsOf('uploadFile')).toEqual([{ name: 'dropped list.csv', purpose: 'list' }]);
    expect(r.fake.callsOf('openFile')).toEqual([{ path: '/uploads/dropped list.csv', region: 'TW' }]);
    await settle(r);
  });

  it('opens a recent case', async () => {
    const r = renderApp();
    fireEvent.click((await screen.findAllByRole('button', { name: 'spring-campaign.csv' }))[0]);
    await screen.findByRole('grid');
    expect(r.fake.callsOf('openCase')).toEqual([{ path: '/Users/amy/Documents/Campaigns/2025 Spring/spring-campaign.listprep' }]);
    expect(r.fake.callsOf('openFile')).toEqual([]);
  });

  it('tells two recent cases of one name apart by their folder, the whole path in the tooltip (issue #17)', async () => {
    renderApp();
    const [saved, kept] = await screen.findAllByRole('button', { name: 'spring-campaign.csv' });
    expect(saved.title).toBe('/Users/amy/Documents/Campaigns/2025 Spring/spring-campaign.listprep');
    const where = (button: HTMLElement) => document.getElementById(button.getAttribute('aria-describedby')!)!;
    expect(where(saved).textContent).toBe('Case in …/Documents/Campaigns/2025 Spring · ' + where(saved).querySelector('.recent-when')!.textContent);
    expect(where(saved).querySelector('.recent-folder')!.getAttribute('title')).toBe('/Users/amy/Documents/Campaigns/2025 Spring');
    // A case ListPrep keeps itself: its list's folder, not ListPrep's data folder.
    expect(where(kept).querySelector('.recent-folder')!.textContent).toBe('List in /Users/amy/Downloads · ');
    expect(where(saved).querySelector('.recent-when')!.textContent).not.toBe(where(kept).querySelector('.recent-when')!.textContent);
  });

  it('a snapshot that could not be used is said in words; the list is open and checked', async () => {
    const r = renderApp();
    const open = r.fake.openFile.bind(r.fake);
    r.fake.openFile = async (input) => ({ ...(await open({ ...input, snapshot: undefined })), notLoaded: [{ file: 'snapshot' as const, code: 'file.binary', message: 'Contact snapshot: This is not a text CSV file (it contains NUL bytes).' }] });
    fireEvent.click(await screen.findByRole('button', { name: 'Use sample contacts-snapshot.csv' }));
    fireEvent.click(screen.getByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('grid');
    await settle(r);
    expect(screen.getByRole('alert').textContent).toContain('Contact snapshot: This is not a text CSV file (it contains NUL bytes).');
    expect(r.fake.callsOf('loadSnapshot')).toEqual([]);
  });

  it('two recent cases of one list opened in the same minute differ by the second', async () => {
    const r = createFakeApi();
    const info = await r.appInfo({});
    const twin = { fileName: 'spring.csv', sourcePath: '/Users/amy/Downloads/spring.csv', saved: false };
    r.appInfo = async () => ({ ...info, recent: [
      { ...twin, casePath: '/data/cases/a.listprep', openedAt: '2025-04-28T09:30:41.000Z' },
      { ...twin, casePath: '/data/cases/b.listprep', openedAt: '2025-04-28T09:30:05.000Z' },
      { ...info.recent[0]!, openedAt: '2025-04-28T09:30:05.000Z' },
    ] });
    renderApp({ fake: r });
    await screen.findAllByRole('button', { name: 'spring.csv' });
    const times = [...document.querySelectorAll('.recent-when')].map((e) => e.textContent);
    expect(times[0]).toMatch(/:41/);
    expect(times[1]).toMatch(/:05/);
    // Not a twin: minutes only.
    expect(times[2]).not.toMatch(/:\d\d:\d\d/);
    expect(times[0]).not.toBe(times[1]);
  });

  it('a recent case that fails to open leaves the list the start screen shows', async () => {
    const r = renderApp();
    const [, kept] = await screen.findAllByRole('button', { name: 'spring-campaign.csv' });
    const { ApiError } = await import('../../core/contract/api.ts');
    const appInfo = r.fake.appInfo;
    r.fake.openCase = async () => {
      // As the service does: the entry is taken off before the refusal comes back.
      const info = await appInfo({});
      r.fake.appInfo = async () => ({ ...info, recent: info.recent.slice(0, 1) });
      throw new ApiError('file.not_found', 'The case file "/data/cases/4f1c2a.listprep" does not exist.');
    };
    fireEvent.click(kept);
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'spring-campaign.csv' })).toHaveLength(1));
    expect(screen.getByRole('alert').textContent).toContain('does not exist');
  });

  it('stays on the start screen when the file dialog is cancelled', async () => {
    const r = renderApp();
    r.fake.picks.list = null;
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(r.fake.callsOf('openFile')).toEqual([]);
    expect(screen.queryByRole('grid')).toBeNull();
  });

  it('shows a rejected open with its code', async () => {
    const r = renderApp();
    r.fake.openFile = async () => {
      throw Object.assign(new Error('The file "/x.csv" does not exist. Check the name and folder, then try again.'), { code: 'file.not_found' });
    };
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    const alert = await screen.findByText(/does not exist/);
    expect(alert.closest('[role="alert"]')?.querySelector('[data-code="file.not_found"]')).toBeTruthy();
  });

  it('opens a dropped case file as a case', async () => {
    const r = renderApp();
    await screen.findByRole('button', { name: 'Open a CSV file…' });
    dropFile(new File(['x'], 'spring.listprep'));
    await screen.findByRole('grid');
    expect(r.fake.callsOf('uploadFile')).toEqual([{ name: 'spring.listprep', purpose: 'case' }]);
    expect(r.fake.callsOf('openCase')).toEqual([{ path: '/uploads/spring.listprep' }]);
  });

  it('uses the real path of a file dropped in Electron, and explains when a drop has no path', async () => {
    const fake = createFakeApi({ transport: 'electron' });
    let path = '/Users/amy/Desktop/list.csv';
    const { uploadFile: _upload, ...electron } = fake;
    void _upload;
    const bridge = Object.assign(electron, { pathForDroppedFile: () => path }) as unknown as typeof fake;
    renderApp({ fake: bridge });
    await screen.findByRole('button', { name: 'Open a CSV file…' });
    path = '';
    dropFile(new File(['x'], 'from-browser.csv'));
    expect(await screen.findByText('This window cannot open dropped files. Use “Open a CSV file…” instead.')).toBeTruthy();
    expect(document.querySelector('[role="alert"] [data-code="drop.unsupported"]')).toBeTruthy();
    path = '/Users/amy/Desktop/list.csv';
    dropFile(new File(['x'], 'list.csv'));
    await screen.findByRole('grid');
    expect(fake.callsOf('openFile')).toEqual([{ path: '/Users/amy/Desktop/list.csv', region: 'TW' }]);
  });

  it('follows Electron menu commands: open a path, undo, export, close', async () => {
    const fake = createFakeApi({ transport: 'electron' });
    let send: (command: { command: string; path?: string }) => void = () => undefined;
    const bridge = Object.assign(fake, { onMenuCommand: (listener: typeof send) => ((send = listener), () => undefined) });
    const r = renderApp({ fake: bridge });
    await screen.findByRole('button', { name: 'Open a CSV file…' });
    act(() => send({ command: 'open-path', path: '/Users/amy/list.csv' }));
    await waitFor(() => expect(fake.callsOf('openFile')).toEqual([{ path: '/Users/amy/list.csv', region: 'TW' }]));
    await waitFor(() => expect(screen.getByRole('grid').querySelectorAll('[data-row]').length).toBe(6));
    await settle(r);
    fireEvent.click(screen.getByRole('button', { name: 'Fix all 2: Invalid gender (gender.invalid)' }));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false));
    act(() => send({ command: 'undo' }));
    await waitFor(() => expect(fake.callsOf('undo')).toEqual([{ caseId: 'case-1' }]));
    // The undo is a job: Export waits for it to end.
    await waitFor(() => expect((screen.getByRole('button', { name: 'Redo' }) as HTMLButtonElement).disabled).toBe(false));
    await settle(r);
    act(() => send({ command: 'export' }));
    expect(await screen.findByRole('dialog', { name: 'Export files' })).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    act(() => send({ command: 'close-case' }));
    await waitFor(() => expect(fake.callsOf('closeCase')).toEqual([{ caseId: 'case-1' }]));
    expect(await screen.findByRole('button', { name: 'Open a CSV file…' })).toBeTruthy();
  });
});

describe('reading the list in another encoding (R-F5)', () => {
  it('offers the encodings that also fit first, and opens the list again in the one chosen, with the case\'s options', async () => {
    const r = renderApp();
    r.fake.picks.list = '/picked/tiny-legacy.csv';
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('grid');
    await settle(r);
    const readAs = screen.getByLabelText('Read as') as HTMLSelectElement;
    expect([...readAs.options].map((o) => o.textContent).slice(0, 3)).toEqual(['another encoding…', 'Big5 (Traditional Chinese) (also fits)', 'UTF-8']);
    expect([...readAs.options].map((o) => o.value)).not.toContain('gb18030');
    fireEvent.change(readAs, { target: { value: 'big5' } });
    await waitFor(() => expect(r.fake.callsOf('openFile')).toHaveLength(2));
    expect(r.fake.callsOf('openFile')[1]).toEqual({ path: '/picked/tiny-legacy.csv', encoding: 'big5', region: 'TW' });
    await settle(r);
    const facts = await screen.findByRole('region', { name: /tiny-legacy\.csv/ });
    expect(within(facts).getByText('Big5 (Traditional Chinese)')).toBeTruthy();
    expect(within(facts).getByText(/as chosen/)).toBeTruthy();
  });
});

describe('the column mapping (R-H8)', () => {
  it('pre-selects the suggested field, maps a column and leaves another out, checks again, and Undo puts the mapping back', async () => {
    const r = renderApp();
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('grid');
    await settle(r);
    // The fake's `tags` column is a header.alias of `tag`: suggested, pre-selected, marked; the panel opens for it.
    expect(screen.getByText(/^Columns: 0 mapped/).textContent).toBe('Columns: 0 mapped · 1 suggestion');
    const apply = screen.getByRole('button', { name: 'Apply mapping and check again' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(false);
    const columns = screen.getByRole('table');
    const selects = within(columns).getAllByRole('combobox') as HTMLSelectElement[];
    const header = within(columns).getAllByRole('rowheader').map((h) => h.querySelector('.mapping-column-name')!.textContent);
    expect(selects.map((s) => s.value)).toEqual(['', '', '', '', '', '', '', 'tag', '']);
    expect(selects[7].selectedOptions[0].textContent).toBe('tag (suggested)');
    expect(within(columns).getByText('Suggested from the column name')).toBeTruthy();
    // Each column shows its first values (the fake's first rows).
    await waitFor(() => expect(r.fake.callsOf('columnSamples').length).toBeGreaterThan(0));
    await waitFor(() => expect(columns.querySelectorAll('tr[data-column="0"] .mapping-sample').length).toBeGreaterThan(0));
    expect(selects[0].selectedOptions[0].textContent).toMatch(/^As it is/);
    fireEvent.change(selects[0], { target: { value: 'mobile' } });
    fireEvent.change(selects[1], { target: { value: '-' } });
    fireEvent.click(apply);
    await waitFor(() => expect(r.fake.callsOf('setOptions')).toEqual([{ caseId: 'case-1', mapping: { [header[0]!]: 'mobile', [header[1]!]: null, [header[7]!]: 'tag' } }]));
    await settle(r);
    expect(screen.getByText(/^Columns: 3 mapped/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(r.fake.callsOf('undo').length).toBe(1));
    await settle(r);
    await waitFor(() => expect(screen.getByText(/^Columns: 0 mapped/)).toBeTruthy());
  });
});
