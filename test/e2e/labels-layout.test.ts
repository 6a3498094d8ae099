/**
 * Issue #17: the review names every issue by its label, with the code beside it, and the labels fit
 * at 1280×720 and 1024×768 in English and Traditional Chinese (screenshots in test-results/screenshots/).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLabel } from '../../core/i18n/messages.ts';
import { SKIP_E2E, chartCodes, gridRow, openApp, screenshot, settle, startE2e, switchLanguage, type E2eEnv } from './support.ts';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;
const SAMPLE = { en: 'Open whatsapp-from-excel.csv', 'zh-TW': '開啟 whatsapp-from-excel.csv' } as const;

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
      // The row panel of row 2, at the smaller size.
      await gridRow(page, 2).locator('[aria-colindex="3"]').click();
      const leadingZero = page.locator('.row-panel .issue-item[data-code="phone.leading_zero_lost"] .issue-label').first();
      await leadingZero.waitFor();
      expect(await leadingZero.textContent()).toBe(issueLabel('phone.leading_zero_lost', lang));
      await screenshot(page, `labels-${lang}-row-panel-1024x768`);
      expect(await clipped(page, '.row-panel .issue-name')).toEqual([]);
      expect(problems).toEqual([]);
      await page.context().close();
    }, 60_000);
  }
});
