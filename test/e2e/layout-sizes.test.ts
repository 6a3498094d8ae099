/**
 * Issue #17: the review holds up at 1280×720, 1024×768 and 1600×1000, in English and Traditional
 * Chinese: the window never scrolls sideways, the header's buttons keep one line, the grid gets the
 * height the summary leaves (most of it with the summary hidden), every issue code can be reached in
 * the Issues card, and the file notes are shown whole. Screenshots: test-results/screenshots/layout-*.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, chartCodes, gridRow, openApp, poll, screenshot, settle, startE2e, switchLanguage, type E2eEnv } from './support.ts';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
  { width: 1600, height: 1000 },
] as const;
const TEXT = {
  en: { sample: 'Open whatsapp-from-excel.csv', hide: 'Hide summary', show: 'Show summary', rows: '6 rows' },
  'zh-TW': { sample: '開啟 whatsapp-from-excel.csv', hide: '隱藏摘要', show: '顯示摘要', rows: '共 6 列' },
} as const;

const gridShare = (page: Page) => page.locator('.grid-scroll').evaluate((el) => el.getBoundingClientRect().height / window.innerHeight);

/** Codes in the Issues card that cannot be brought fully into its view by scrolling its list. */
async function unreachableCodes(page: Page): Promise<string[]> {
  return page.locator('.charts .bars').evaluate((list) => {
    const missed: string[] = [];
    for (const item of Array.from(list.querySelectorAll<HTMLElement>('.bar-item[data-code]'))) {
      item.scrollIntoView({ block: 'nearest' });
      const box = item.getBoundingClientRect();
      const view = list.getBoundingClientRect();
      if (box.top < view.top - 0.5 || box.bottom > view.bottom + 0.5 || box.height === 0) missed.push(item.dataset.code ?? '');
    }
    list.scrollTop = 0;
    return missed;
  });
}

describe.skipIf(SKIP_E2E)('the review at three window sizes', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2e();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const lang of ['en', 'zh-TW'] as const) {
    it(`fits 1280×720, 1024×768 and 1600×1000 (${lang})`, async () => {
      const { page, context, problems } = await openApp(env);
      if (lang !== 'en') await switchLanguage(page, lang);
      const text = TEXT[lang];
      await page.getByRole('button', { name: text.sample }).click();
      await gridRow(page, 7).waitFor();
      await settle(page);
      expect(await chartCodes(page)).toHaveLength(10);
      for (const size of SIZES) {
        const at = `${lang} ${size.width}×${size.height}`;
        await page.setViewportSize(size);
        await settle(page);
        await page.mouse.move(0, 0);
        await screenshot(page, `layout-${lang}-review-${size.width}x${size.height}`);
        // With no cell inspected, the detail line lists the grid's keys, the filter shortcut too.
        await poll(() => page.locator('.cell-detail .grid-help').textContent()).toContain('Ctrl+F');
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), at).toBeLessThanOrEqual(0);
        // The case fills the window exactly: the page itself does not scroll.
        expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight), at).toBeLessThanOrEqual(1);
        const buttonHeights = await page.locator('.app-header .btn').evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height));
        expect(Math.max(...buttonHeights), at).toBeLessThan(40);
        expect(await gridShare(page), at).toBeGreaterThan(size.height >= 1000 ? 0.45 : 0.3);
        expect(await unreachableCodes(page), at).toEqual([]);
        expect(await page.locator('.filter-count').textContent()).toBe(text.rows);

        // The file notes open whole: no note is cut.
        await page.locator('.file-issues summary').click();
        await page.locator('.file-issues details[open] .issue-item').first().waitFor();
        const cut = await page.locator('.file-issues .issue-item').evaluateAll((items) =>
          items.filter((li) => {
            const clipper = li.closest('.file-issues') as HTMLElement;
            const box = li.getBoundingClientRect();
            const outer = clipper.getBoundingClientRect();
            return li.scrollHeight > li.clientHeight + 1 || box.bottom > outer.bottom + 0.5 || clipper.scrollHeight > clipper.clientHeight + 1;
          }).map((li) => li.getAttribute('data-code')),
        );
        expect(cut, at).toEqual([]);
        await screenshot(page, `layout-${lang}-file-notes-${size.width}x${size.height}`);
        await page.locator('.file-issues summary').click();

        // Hidden, the summary gives its height to the grid.
        const shown = await gridShare(page);
        await page.getByRole('button', { name: text.hide }).click();
        await poll(() => gridShare(page)).toBeGreaterThan(shown + 0.1);
        expect(await gridShare(page), at).toBeGreaterThan(0.55);
        await screenshot(page, `layout-${lang}-summary-hidden-${size.width}x${size.height}`);
        await page.getByRole('button', { name: text.show }).click();
        await page.locator('.review-top').waitFor();
      }
      expect(problems).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
