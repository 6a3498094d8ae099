// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { useEffect } from 'react';
import { createI18n } from '../../renderer/i18n/index.ts';
import { NoticesProvider, useNotices } from '../../renderer/state/notices.tsx';
import { Banners } from '../../renderer/components/Banners.tsx';
import { errorWords } from '../../renderer/api/errors.ts';

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

  it.each([
    ['en', 'input.invalid', 'getRow: caseId: Invalid input: expected string, received undefined', 'Request not understood', 'ListPrep received a request it cannot use.'],
    ['zh-TW', 'input.invalid', 'getRow: caseId: Invalid input: expected string, received undefined', '無法處理此要求', 'ListPrep 收到無效的要求。'],
    ['en', 'job.failed', 'Cannot read properties of undefined (reading \'cells\')', 'Task failed', 'A background task failed.'],
    ['zh-TW', 'job.failed', 'Cannot read properties of undefined (reading \'cells\')', '工作失敗', '背景工作失敗'],
    ['en', 'operation.failed', 'fetch failed', 'Something went wrong', 'Something went wrong. The details follow'],
    ['en', 'something.new', 'Plain English.', 'Something went wrong', 'Plain English.'],
  ])('words %s %s as a title and a sentence; the core text is a detail and the code comes last', async (lang, code, message, title, sentence) => {
    await act(async () => void show(lang as 'en' | 'zh-TW', { code, message }));
    const alert = screen.getByRole('alert');
    expect(alert.querySelector('.banner-title')?.textContent).toBe(title);
    expect(alert.querySelector('.banner-sentence')?.textContent).toContain(sentence);
    expect(alert.querySelector('.banner-sentence')?.textContent).not.toContain(code);
    expect(alert.textContent).toContain(message);
    const codeElement = alert.querySelector(`code[data-code="${code}"]`)!;
    expect(codeElement.textContent).toBe(code);
    expect(alert.querySelector('.banner-text')?.lastElementChild).toBe(codeElement);
  });

  it('names an Api error that is an issue code by the registry\'s label', async () => {
    await act(async () => void show('zh-TW', { code: 'output.is_input', message: 'English detail.' }));
    expect(screen.getByRole('alert').querySelector('.banner-title')?.textContent).toBe('輸出會覆蓋輸入檔');
  });

  // Every code the core's Api, the stores and the renderer reject with (grep ApiError, storage-failure.ts, reportError);
  // operation.failed is the words for everything else.
  const API_ERROR_CODES = [
    'case.busy', 'case.not_found', 'case.unreadable', 'case.damaged', 'case.in_use', 'case.moved', 'export.failed',
    'storage.full', 'storage.read_only', 'storage.failed', 'input.invalid', 'job.not_found', 'method.unknown', 'job.failed',
    'file.not_found', 'file.unreadable', 'file.empty', 'file.binary', 'output.is_input', 'file.too_wide',
  ];
  it.each(API_ERROR_CODES)('has words of its own for %s in both languages', (code) => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const i18n = createI18n(lang);
      const words = errorWords({ code, message: 'Core text.' }, lang, i18n);
      expect(words.title, `${lang} ${code}`).not.toBe(i18n.t('apiErrorTitles.operation_failed'));
      expect(words.title, `${lang} ${code}`).not.toMatch(/[a-z]+\.[a-z_]+/);
      if (lang === 'zh-TW') expect(words.sentence, code).toBe(i18n.t(`apiErrors.${code.replace(/\./g, '_')}`));
    }
  });
});
