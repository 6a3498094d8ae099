// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { useEffect } from 'react';
import { createI18n } from '../../renderer/i18n/index.ts';
import { NoticesProvider, useNotices } from '../../renderer/state/notices.tsx';
import { Banners } from '../../renderer/components/Banners.tsx';

function Raise({ error }: { error: unknown }) {
  const { reportError } = useNotices();
  useEffect(() => reportError(error), [error, reportError]);
  return null;
}

function show(lang: 'en' | 'zh-TW', error: unknown) {
  return render(
    <I18nextProvider i18n={createI18n(lang)}>
      <NoticesProvider>
        <Raise error={error} />
        <Banners />
      </NoticesProvider>
    </I18nextProvider>,
  );
}

afterEach(cleanup);

describe('error banner', () => {
  const busy = { code: 'case.busy', message: 'Wait until "Checking rows…" finishes, or cancel it, then try again.' };

  it('shows the Api code and the core message in English', async () => {
    await act(async () => void show('en', busy));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('case.busy');
    expect(alert.textContent).toContain('Wait until "Checking rows…" finishes');
  });

  it('says the error in Traditional Chinese first, keeping the code and the English detail', async () => {
    await act(async () => void show('zh-TW', busy));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('目前有工作正在進行');
    expect(alert.querySelector('[data-code="case.busy"]')).toBeTruthy();
    expect(alert.querySelector('.banner-detail')?.textContent).toContain('Wait until');
  });

  it('falls back to the core message for a code without words', async () => {
    await act(async () => void show('zh-TW', { code: 'something.new', message: 'Plain English.' }));
    expect(screen.getByRole('alert').textContent).toContain('Plain English.');
  });

  it.each([
    ['output.is_input', '此輸出檔與這個案件讀取的檔案'],
    ['case.in_use', '此檔案屬於另一個已開啟的案件'],
    ['case.moved', '該檔案已被移動、刪除或取代'],
    ['storage.full', '存放此案件的磁碟已滿'],
    ['storage.read_only', '案件檔位於唯讀的磁碟或資料夾'],
    ['storage.failed', '存放此案件的磁碟回報錯誤'],
    ['file.too_wide', '此檔案的欄數超過任何試算表的上限'],
  ])('says %s in Traditional Chinese (issue #16 codes)', async (code, words) => {
    await act(async () => void show('zh-TW', { code, message: 'English detail.' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(words);
    expect(alert.querySelector('.banner-detail')?.textContent).toBe(' English detail.');
  });
});
