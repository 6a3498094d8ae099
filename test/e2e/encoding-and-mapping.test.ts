/**
 * Issue #14 in the app, as a marketer meets it: a small legacy list whose columns have Chinese names.
 * The file card offers the encodings that also fit and the column mapping; mapping the columns and
 * reading the file in another encoding work from the screen (screenshots at 1280×720 and 1024×768 in
 * English and Traditional Chinese in test-results/screenshots/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, chooseFile, gridRow, openApp, outcomeCounts, poll, removeDir, screenshot, seriousViolations, settle, startE2e, switchLanguage, type E2eEnv } from './support.ts';

const UI = {
  en: { undo: 'Undo', redo: 'Redo', channel: 'Channel', open: 'Open a CSV file…', readAs: 'Read as', columns: /^Columns: \d+ mapped$/, apply: 'Apply mapping and check again', big5: 'Big5 (Traditional Chinese)', chosen: 'as chosen' },
  'zh-TW': { undo: '復原', redo: '重做', channel: '渠道', open: '開啟 CSV 檔案…', readAs: '改用編碼', columns: /^欄位對應：已對應 \d+ 欄$/, apply: '套用對應並重新檢查', big5: 'Big5（繁體中文）', chosen: '依指定' },
} as const;

describe.skipIf(SKIP_E2E)('a small GB18030 list with Chinese column names (issue #14)', () => {
  let env: E2eEnv;
  let dir: string;
  let list: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-encoding-'));
    list = path.join(dir, 'members.csv');
    fs.writeFileSync(list, iconv.encode('手機,狀態,姓名,備註\n0912345678,opted_in,王芳,VIP\n0912345679,opted_out,李娜,新客\n', 'gb18030'));
  });
  afterAll(async () => {
    await env?.close();
    if (dir) removeDir(dir);
  });

  for (const lang of ['en', 'zh-TW'] as const) {
    it(`maps the columns and reads the list in another encoding from the file card (${lang})`, async () => {
      const ui = UI[lang];
      const { page, problems } = await openApp(env);
      if (lang !== 'en') await switchLanguage(page, lang);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.getByLabel(ui.channel, { exact: true }).selectOption('whatsapp');
      await chooseFile(page, page.getByRole('button', { name: ui.open }), list);
      await gridRow(page, 3).waitFor();
      await settle(page);
      expect(await outcomeCounts(page)).toEqual({ create: 0, update: 0, unchanged: 0, skip: 2, fail: 0 });

      await page.locator('.file-card .options-details > summary').click();
      const readAs = page.getByLabel(ui.readAs, { exact: true });
      expect(await readAs.locator('option[value="big5"]').textContent()).toBe(ui.big5);
      // The panel is open (there are suggestions): each column with its first values, the suggested field pre-selected and marked.
      const panel = page.locator('.mapping-details');
      await poll(() => panel.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await poll(() => page.locator('.mapping-table tr[data-column="0"] .mapping-sample').allTextContents()).toEqual(['0912345678', '0912345679']);
      expect(await page.locator('.mapping-table tr[data-column="3"] .mapping-sample').allTextContents()).toEqual(['VIP', '新客']);
      const selects = page.locator('.mapping-table select');
      expect(await selects.evaluateAll((all) => all.map((s) => (s as HTMLSelectElement).value))).toEqual(['WhatsApp_mobile', 'messaging_status', 'display_name', '']);
      expect(await page.locator('.mapping-suggested').evaluateAll((all) => all.map((s) => s.getAttribute('data-suggested')))).toEqual(['WhatsApp_mobile', 'messaging_status', 'display_name']);
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, `mapping-${lang}-panel-1280x720`);
      await page.setViewportSize({ width: 1024, height: 768 });
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, `mapping-${lang}-panel-1024x768`);
      await page.setViewportSize({ width: 1280, height: 720 });
      expect(await seriousViolations(page)).toEqual([]);

      // Accept the suggestions and leave 備註 out.
      await selects.nth(3).selectOption('-');
      await page.getByRole('button', { name: ui.apply }).click();
      await settle(page);
      await poll(() => page.locator('.mapping-details summary').textContent()).toMatch(ui.columns);
      expect(await page.locator('.mapping-details summary').textContent()).toMatch(/4/);
      // Mapped, the rows are read: both are created (before, every row was skipped: no status, no key column).
      await poll(() => outcomeCounts(page)).toEqual({ create: 2, update: 0, unchanged: 0, skip: 0, fail: 0 });
      await page.setViewportSize({ width: 1024, height: 768 });
      await screenshot(page, `encoding-${lang}-mapped-1024x768`);

      // Undo puts the list back as it was (no mapping, every row skipped); redo maps it again.
      await page.getByRole('button', { name: ui.undo, exact: true }).click();
      await settle(page);
      await poll(() => outcomeCounts(page)).toEqual({ create: 0, update: 0, unchanged: 0, skip: 2, fail: 0 });
      await poll(() => selects.evaluateAll((all) => all.map((s) => (s as HTMLSelectElement).value))).toEqual(['WhatsApp_mobile', 'messaging_status', 'display_name', '']);
      expect(await page.locator('.mapping-details summary').textContent()).toMatch(/\b0\b/);
      await page.getByRole('button', { name: ui.redo, exact: true }).click();
      await settle(page);
      await poll(() => outcomeCounts(page)).toEqual({ create: 2, update: 0, unchanged: 0, skip: 0, fail: 0 });
      expect(await selects.nth(3).inputValue()).toBe('-');

      await readAs.selectOption('big5');
      await page.locator('.file-card .fact-note', { hasText: ui.chosen }).waitFor();
      await settle(page);
      expect(await page.locator('.file-card dd').first().textContent()).toMatch(/^Big5/);
      await screenshot(page, `encoding-${lang}-read-as-big5-1024x768`);
      expect(problems).toEqual([]);
      expect(env.serverErrors).toEqual([]);
    }, 120_000);
  }
});
