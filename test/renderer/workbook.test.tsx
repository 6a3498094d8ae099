// @vitest-environment jsdom
/** R-F7 in the app: the file card names a workbook's sheet and reopens the workbook on another. */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderApp, settle } from './harness.tsx';

describe('a workbook in the file card', () => {
  it('names the sheet instead of a separator, and reopens the workbook on the sheet picked as a new case', async () => {
    const r = renderApp();
    r.fake.picks.list = '/picked/members.xlsx';
    fireEvent.change(await screen.findByLabelText('Channel'), { target: { value: 'whatsapp' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('grid');
    await settle(r);

    const facts = screen.getByRole('region', { name: /members\.xlsx/ });
    expect(within(facts).queryByText('Separator')).toBeNull();
    const picker = within(facts).getByLabelText('Sheet') as HTMLSelectElement;
    expect([picker.value, Array.from(picker.options).map((o) => o.textContent)]).toEqual(['March', ['March', 'April']]);

    fireEvent.change(picker, { target: { value: 'April' } });
    await waitFor(() => expect(r.fake.callsOf('openFile')).toHaveLength(2));
    expect(r.fake.callsOf('openFile')[1]).toEqual({ path: '/picked/members.xlsx', sheet: 'April', channel: 'whatsapp', key: 'phone', region: 'TW' });
    await waitFor(() => expect(r.fake.callsOf('closeCase')).toEqual([{ caseId: 'case-1' }]));
    await settle(r);
    expect((within(screen.getByRole('region', { name: /members\.xlsx/ })).getByLabelText('Sheet') as HTMLSelectElement).value).toBe('April');
  });

  it('labels the sheet picker in Traditional Chinese', async () => {
    const r = renderApp({ lang: 'zh-TW' });
    r.fake.picks.list = '/picked/members.xlsx';
    fireEvent.click(await screen.findByRole('button', { name: '開啟 CSV 檔案…' }));
    await screen.findByRole('grid');
    await settle(r);
    const facts = screen.getByRole('region', { name: /members\.xlsx/ });
    expect(within(facts).getByText('工作表')).toBeTruthy();
    expect(within(facts).getByLabelText('工作表')).toBeTruthy();
  });
});
