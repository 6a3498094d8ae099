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
});
