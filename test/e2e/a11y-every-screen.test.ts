/**
 * Issue #17: axe-core finds no violation at all (minor and moderate included) on any screen, in
 * English and Traditional Chinese: the start screen, the review (with the options open too), the
 * import preview, unification, and the export dialog. Each screen has one h1.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, axeViolations, gridRow, openApp, screenshot, settle, startE2e, switchLanguage, type E2eEnv } from './support.ts';

const TEXT = {
  en: { sample: 'Open whatsapp-from-excel.csv', options: 'Options', preview: 'Import preview', unify: 'Unification', run: 'Run unification', rerun: 'Run again', export: 'Export…', close: 'Close case' },
  'zh-TW': { sample: '開啟 whatsapp-from-excel.csv', options: '設定', preview: '匯入預覽', unify: '身分整合', run: '執行身分整合', rerun: '重新執行', export: '匯出…', close: '關閉案件' },
} as const;

async function h1s(page: Page): Promise<number> {
  return page.getByRole('heading', { level: 1 }).count();
}

describe.skipIf(SKIP_E2E)('axe on every screen, both languages', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2e();
  });
  afterAll(async () => {
    await env?.close();
  });

  for (const lang of ['en', 'zh-TW'] as const) {
    it(`has no axe violations and one h1 per screen (${lang})`, async () => {
      const { page, context, problems } = await openApp(env);
      if (lang !== 'en') await switchLanguage(page, lang);
      const text = TEXT[lang];
      // English at 1280×720, Chinese at 1024×768: the two small sizes, each screen photographed.
      const size = lang === 'en' ? { width: 1280, height: 720 } : { width: 1024, height: 768 };
      await page.setViewportSize(size);
      const shot = (name: string) => screenshot(page, `a11y-${lang}-${name}-${size.width}x${size.height}`);
      await page.getByRole('button', { name: text.sample }).waitFor();
      await shot('start');
      expect(await axeViolations(page), 'start screen').toEqual([]);
      expect(await h1s(page)).toBe(1);

      await page.getByRole('button', { name: text.sample }).click();
      await gridRow(page, 7).waitFor();
      await settle(page);
      expect(await axeViolations(page), 'review').toEqual([]);
      expect(await h1s(page)).toBe(1);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('whatsapp-from-excel.csv');

      await page.locator('.file-card .options-details > summary').click();
      await page.locator('.file-card .options-details[open]').waitFor();
      await shot('options');
      expect(await axeViolations(page), 'review with the options open').toEqual([]);
      await page.locator('.file-card .options-details > summary').click();

      await page.getByRole('tab', { name: text.preview }).click();
      await page.locator('.preview-rows tr[data-row="7"]').waitFor();
      await settle(page);
      await shot('preview');
      expect(await axeViolations(page), 'import preview').toEqual([]);
      expect(await h1s(page)).toBe(1);

      await page.getByRole('tab', { name: text.unify }).click();
      await page.getByRole('button', { name: text.run }).click();
      await page.getByRole('button', { name: text.rerun }).waitFor();
      await settle(page);
      await shot('unify');
      expect(await axeViolations(page), 'unification').toEqual([]);
      expect(await h1s(page)).toBe(1);

      await page.getByRole('button', { name: text.export }).click();
      await page.getByRole('dialog').waitFor();
      await shot('export');
      expect(await axeViolations(page), 'export dialog').toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(problems).toEqual([]);
      await context.close();
    }, 90_000);
  }
});
