// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createFakeApi } from '../helpers/fake-api.ts';
import { openSample, renderApp } from './harness.tsx';

describe('export dialog', () => {
  it('calls exportFiles with the folder and options chosen, then lists where the files went', async () => {
    const r = renderApp();
    await openSample(r);
    const opener = screen.getByRole('button', { name: 'Export…' });
    fireEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Export files' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    const run = within(dialog).getByRole('button', { name: 'Export' }) as HTMLButtonElement;
    expect(run.disabled).toBe(true); // no folder yet

    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' }));
    await within(dialog).findByText('/exports');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Error report/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Conflict list/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Profile list/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Include rows that would fail/ }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Split the upload-ready file per phone country' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Split every' }));
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Rows per file' }), { target: { value: '1000' } });
    fireEvent.click(run);

    expect(await within(dialog).findByText('4 files written')).toBeTruthy();
    expect(r.fake.callsOf('exportFiles')).toEqual([
      { caseId: 'case-1', dir: '/exports', uploadReady: true, errorReport: false, rejectedRows: true, conflicts: true, profiles: true, snapshot: false, allRows: true, splitByCountry: true, splitEvery: 1000, partial: false, lang: 'en' },
    ]);
    const files = within(dialog).getAllByRole('listitem').map((li) => [li.dataset.kind, li.querySelector('.file-path')?.textContent]);
    expect(files).toEqual([
      ['upload-ready', '/exports/whatsapp-from-excel.upload-ready.csv'],
      ['rejected-rows', '/exports/whatsapp-from-excel.rejected.csv'],
      ['conflicts', '/exports/whatsapp-from-excel.conflicts.csv'],
      ['profiles', '/exports/whatsapp-from-excel.profiles.csv'],
    ]);
    // Not Electron: paths are shown, nothing to reveal.
    expect(within(dialog).queryByRole('button', { name: 'Show in folder' })).toBeNull();
    expect(within(dialog).getByText('The files were written to the paths shown.')).toBeTruthy();

    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('rejects a bad split size and an empty choice before calling the Api', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' }));
    await within(dialog).findByText('/exports');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Split every' }));
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Rows per file' }), { target: { value: '0' } });
    expect(within(dialog).getByText('Enter a whole number from 1 to 10,000,000.')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Split every' }));
    for (const name of [/Upload-ready file/, /Error report/, /Rejected rows/]) fireEvent.click(within(dialog).getByRole('checkbox', { name }));
    expect(within(dialog).getByText('Choose at least one file to write.')).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Export' }) as HTMLButtonElement).disabled).toBe(true);
    expect(r.fake.callsOf('exportFiles')).toEqual([]);
  });

  it('offers "Show in folder" in Electron', async () => {
    const fake = createFakeApi({ transport: 'electron' });
    const r = renderApp({ fake });
    await openSample(r);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Choose folder…' }));
    await within(dialog).findByText('/exports');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    const reveal = await within(dialog).findAllByRole('button', { name: 'Show in folder' });
    expect(reveal.length).toBe(3);
    fireEvent.click(reveal[0]);
    await waitFor(() => expect(fake.callsOf('revealPath')).toEqual(['/exports/whatsapp-from-excel.upload-ready.csv']));
  });
});
