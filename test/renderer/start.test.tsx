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
    expect(screen.getByRole('button', { name: 'spring-campaign.csv' })).toBeTruthy();
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
    await waitFor(() => expect(r.fake.callsOf('loadSnapshot')).toEqual([{ caseId: 'case-1', path: '/samples/contacts-snapshot.csv' }]));
    await settle(r);
    expect(r.fake.callsOf('pickFile')).toEqual(['list']);
    expect(r.fake.callsOf('openFile')).toEqual([{ path: '/picked/whatsapp-from-excel.csv', channel: 'whatsapp', region: 'TW', timeZone: 'Asia/Taipei' }]);

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
    fireEvent.click(await screen.findByRole('button', { name: 'spring-campaign.csv' }));
    await screen.findByRole('grid');
    expect(r.fake.callsOf('openCase')).toEqual([{ path: '/cases/spring-campaign.listprep' }]);
    expect(r.fake.callsOf('openFile')).toEqual([]);
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
  it('maps a column to a field and leaves another out, then checks again with the mapping', async () => {
    const r = renderApp();
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('grid');
    await settle(r);
    fireEvent.click(screen.getByText('Columns: 0 mapped'));
    const apply = screen.getByRole('button', { name: 'Apply mapping and check again' }) as HTMLButtonElement;
    expect(apply.disabled).toBe(true);
    const columns = screen.getByRole('table');
    const [first, second] = within(columns).getAllByRole('combobox') as HTMLSelectElement[];
    expect(first.selectedOptions[0].textContent).toMatch(/^As it is/);
    fireEvent.change(first, { target: { value: 'mobile' } });
    fireEvent.change(second, { target: { value: '-' } });
    fireEvent.click(apply);
    const header = within(columns).getAllByRole('rowheader').map((h) => h.textContent);
    await waitFor(() => expect(r.fake.callsOf('setOptions')).toEqual([{ caseId: 'case-1', mapping: { [header[0]!]: 'mobile', [header[1]!]: null } }]));
    await settle(r);
    expect(screen.getByText('Columns: 2 mapped')).toBeTruthy();
  });
});
