/**
 * Issue #17: the review names every issue by its label, with the code beside it, and the labels fit
 * at 1280×720 and 1024×768 in English and Traditional Chinese (screenshots in test-results/screenshots/).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLabel } from '../../core/rules/messages.ts';
import { SKIP_E2E, chartCodes, chooseFile, fixture, gridRow, openApp, screenshot, settle, startE2e, switchLanguage, type E2eEnv } from './support.ts';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;
const SAMPLE = { en: 'Open whatsapp-from-excel.csv', 'zh-TW': '開啟 whatsapp-from-excel.csv' } as const;
const OPEN_CASE = { en: 'Open a saved case…', 'zh-TW': '開啟已儲存的案件…' } as const;
/** A CSV opened as a case: the Api answers case.unreadable. */
const NOT_A_CASE = {
  en: { title: 'Not a ListPrep case', sentence: /cannot be opened as a ListPrep case/ },
  'zh-TW': { title: '不是 ListPrep 案件', sentence: /^無法以 ListPrep 案件開啟此檔案。$/ },
} as const;

/** Elements (by selector) whose text is cut: wider content than box, or pushed outside the window. */
async function clipped(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return el.scrollWidth > el.clientWidth + 1 || box.right > window.innerWidth + 0.5 || box.width === 0;
      })
      .map((el) => el.textContent ?? ''),
  );
}

describe.skipIf(SKIP_E2E)('issue labels on the review screen', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2e();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const lang of ['en', 'zh-TW'] as const) {
    it(`shows labels first, codes beside them, unclipped (${lang})`, async () => {
      const { page, problems } = await openApp(env);
      if (lang !== 'en') await switchLanguage(page, lang);
      // An error banner: words first, the code last and small.
      await page.setViewportSize(SIZES[1]);
      await chooseFile(page, page.getByRole('button', { name: OPEN_CASE[lang] }), fixture('whatsapp-from-excel.csv'));
      const alert = page.getByRole('alert');
      await alert.locator('.banner-title').waitFor();
      expect(await alert.locator('.banner-title').textContent()).toBe(NOT_A_CASE[lang].title);
      expect(await alert.locator('.banner-sentence').textContent()).toMatch(NOT_A_CASE[lang].sentence);
      expect(await alert.locator('.banner-text > code.issue-code:last-child').textContent()).toBe('case.unreadable');
      expect(await clipped(page, '[role="alert"] .banner-text')).toEqual([]);
      await screenshot(page, `labels-${lang}-error-banner-1024x768`);
      await page.getByRole('button', { name: SAMPLE[lang] }).click();
      await gridRow(page, 7).waitFor();
      await settle(page);
      const codes = await chartCodes(page);
      expect(codes.length).toBe(10);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await settle(page);
        await screenshot(page, `labels-${lang}-review-${size.width}x${size.height}`);
        // The chart: label then code in every bar.
        const bars = await page.locator('.charts .bar-item[data-code] .bar-button .issue-name').evaluateAll((names) =>
          names.map((n) => [n.querySelector('.issue-label')?.textContent, n.querySelector('.issue-code')?.textContent]),
        );
        expect(bars).toEqual(codes.map((code) => [issueLabel(code, lang), code]));
        expect(await clipped(page, '.charts .bar-item .issue-label'), `${lang} ${size.width}`).toEqual([]);
        // File notes: the chips name each code.
        const chips = await page.locator('.file-issues summary .issue-name').evaluateAll((names) =>
          names.map((n) => [n.querySelector('.issue-label')?.textContent, n.querySelector('.issue-code')?.textContent]),
        );
        expect(chips).toEqual(['file.channel_detected', 'risk.wa_not_opted_in'].map((code) => [issueLabel(code, lang), code]));
        expect(await clipped(page, '.file-issues summary .issue-name'), `${lang} ${size.width}`).toEqual([]);
        // The window never scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      }
      // The code filter names codes by label, the code beside it.
      await page.setViewportSize(SIZES[0]);
      const codeFilter = page.locator('.filter-bar select').nth(1);
      await codeFilter.selectOption('key.duplicate_in_file');
      await gridRow(page, 2).waitFor({ state: 'detached' });
      const open = lang === 'en' ? ' (' : '（';
      const close = lang === 'en' ? ')' : '）';
      expect(await codeFilter.locator('option:checked').textContent()).toBe(`${issueLabel('key.duplicate_in_file', lang)}${open}key.duplicate_in_file${close}`);
      await screenshot(page, `labels-${lang}-code-filter-1280x720`);
      await codeFilter.selectOption('');
      await gridRow(page, 2).waitFor();
      await page.setViewportSize(SIZES[1]);
      // The row panel of row 2, at the smaller size.
      await gridRow(page, 2).locator('[aria-colindex="3"]').click();
      const leadingZero = page.locator('.row-panel .issue-item[data-code="phone.leading_zero_lost"] .issue-label').first();
      await leadingZero.waitFor();
      expect(await leadingZero.textContent()).toBe(issueLabel('phone.leading_zero_lost', lang));
      await screenshot(page, `labels-${lang}-row-panel-1024x768`);
      expect(await clipped(page, '.row-panel .issue-name')).toEqual([]);
      // The rejected open is answered with HTTP 422, which Chromium logs; nothing else may be.
      expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
