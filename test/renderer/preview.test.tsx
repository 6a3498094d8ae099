// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { openSample, renderApp } from './harness.tsx';

const explanation = (code: string) => document.querySelector<HTMLElement>(`.explanation[data-code="${code}"]`);

describe('import preview', () => {
  it('explains, from the codes present, what MAAC ignores, with list health', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(screen.getByRole('tab', { name: 'Import preview' }));
    await screen.findByRole('heading', { name: 'What MAAC ignores or keeps' });

    expect(explanation('header.unknown')?.textContent).toContain('MAAC imports only the columns of its template');
    expect(within(explanation('header.unknown')!).getByText('note')).toBeTruthy();
    expect(within(explanation('header.alias')!).getByText('tags')).toBeTruthy();
    expect(explanation('status.missing')?.textContent).toContain('1 row');
    expect(explanation('key.duplicate_in_file')?.textContent).toContain('1 row');
    // Codes not present are not explained.
    expect(explanation('update.status_irreversible')).toBeNull();
    expect(explanation('custom.unknown')).toBeNull();

    const health = screen.getByRole('region', { name: 'List health' });
    const risk = within(health).getByText('risk.wa_not_opted_in').closest('li')!;
    expect(risk.textContent).toContain('3 of 6 rows are not opted_in (1 opted_out, 0 not_subscribed)');

    // Outcome counts and the per-row table.
    expect(screen.getAllByText('Fail').length).toBeGreaterThan(0);
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(7));
    expect(within(table).getByRole('rowheader', { name: '7' }).closest('tr')?.querySelector('[data-outcome]')?.getAttribute('data-outcome')).toBe('create');
  });

  it('shows field differences for updates once a snapshot is loaded, and jumps to the rows of a code', async () => {
    const r = renderApp();
    await openSample(r);
    await r.fake.loadSnapshot({ caseId: 'case-1', path: '/samples/contacts-snapshot.csv' });
    r.fake.finishJobs();
    fireEvent.click(screen.getByRole('tab', { name: 'Import preview' }));
    fireEvent.change(await screen.findByLabelText('Outcome'), { target: { value: 'update' } });
    const table = await screen.findByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(2));
    const row7 = within(table).getByRole('rowheader', { name: '7' }).closest('tr')!;
    expect(row7.textContent).toContain('gender');
    expect(row7.textContent).toContain('(blank)');
    expect(row7.textContent).toContain('female');
    expect(row7.textContent).toContain('W1');
    expect(r.fake.callsOf('queryRows').at(-1)).toMatchObject({ filter: { outcome: 'update' }, limit: 20 });

    fireEvent.click(within(explanation('status.missing')!).getByRole('button', { name: 'Show these rows' }));
    expect(await screen.findByRole('tab', { name: 'Review', selected: true })).toBeTruthy();
    await waitFor(() => expect(Array.from(screen.getByRole('grid').querySelectorAll<HTMLElement>('[data-row]')).map((e) => e.dataset.row)).toEqual(['4']));
  });
});
