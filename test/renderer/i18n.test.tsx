// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { formatIssueMessage } from '../../core/rules/messages.ts';
import { LANG_STORAGE_KEY, startupLang } from '../../renderer/i18n/index.ts';
import { gridCell, openSample, renderApp } from './harness.tsx';

describe('languages', () => {
  it('switches the whole UI to Traditional Chinese, re-renders issue messages, keeps codes, and remembers the choice', async () => {
    const r = renderApp();
    await openSample(r);
    const tipOf = (cell: HTMLElement) => document.getElementById(cell.getAttribute('aria-describedby') ?? '')!;
    expect(tipOf(gridCell(3, 0)).textContent).toContain('was turned into scientific notation');

    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-TW' } });

    expect(await screen.findByRole('tab', { name: '檢查' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '匯入預覽' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '身分整合' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '復原' })).toBeTruthy();
    expect(screen.getByLabelText('語言')).toBeTruthy();
    expect(within(screen.getByRole('grid')).getByRole('columnheader', { name: '結果' })).toBeTruthy();
    // Messages come from the core's registry in zh-TW, with the issue's own params.
    const tip = tipOf(gridCell(3, 0));
    expect(tip.textContent).toContain(formatIssueMessage('phone.scientific', { value: '8.86933E+11' }, 'zh-TW'));
    expect(tip.textContent).toContain('被試算表轉成科學記號');
    expect(tipOf(gridCell(2, 0)).textContent).toContain('建議修正：');
    // Codes stay as they are.
    expect(tip.querySelector('[data-code="phone.scientific"]')?.textContent).toBe('phone.scientific');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('zh-TW');
    expect(document.documentElement.lang).toBe('zh-TW');
    expect(startupLang()).toBe('zh-TW');

    // File-level messages too (header.unknown names the column).
    const fileIssue = document.querySelector('.file-issues li[data-code="header.unknown"]')!;
    expect(fileIssue.textContent).toContain('「note」欄不是 WhatsApp 範本的欄位');

    fireEvent.change(screen.getByLabelText('語言'), { target: { value: 'en' } });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Review' })).toBeTruthy());
    expect(tipOf(gridCell(3, 0)).textContent).toContain('was turned into scientific notation');
  });

  it('starts in Traditional Chinese when that was chosen before', async () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'zh-TW');
    renderApp({ lang: startupLang() });
    expect(await screen.findByRole('button', { name: '開啟 CSV 檔案…' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '試用範例' })).toBeTruthy();
    expect(screen.getByLabelText('電話地區')).toBeTruthy();
  });

  it('shows outcome counts and the preview explanations in Chinese', async () => {
    const r = renderApp({ lang: 'zh-TW' });
    fireEvent.click(await screen.findByRole('button', { name: '開啟 CSV 檔案…' }));
    await waitFor(() => expect(screen.getByRole('grid').querySelectorAll('[data-row]').length).toBe(6));
    expect(screen.getByRole('button', { name: /^4 失敗/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '匯入預覽' }));
    expect(await screen.findByRole('heading', { name: /MAAC 會略過的欄位/ })).toBeTruthy();
    const unknown = document.querySelector<HTMLElement>('.explanation[data-code="header.unknown"]')!;
    expect(unknown.textContent).toContain('MAAC 只匯入範本中的欄位');
    expect(unknown.textContent).toContain('note');
    expect(within(unknown).getByText('header.unknown').dataset.code).toBe('header.unknown');
    void r;
  });
});
