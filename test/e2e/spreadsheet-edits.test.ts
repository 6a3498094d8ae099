/**
 * Issue #17 item 5 in the app: find and replace with its preview count, set a value for the
 * filtered rows, exclude a row, export (the row is not in the upload-ready file), undo. axe finds
 * nothing on the new dialogs; screenshots at 1280×720 and 1024×768, English and Chinese.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, axeViolations, gridRow, openApp, poll, screenshot, settle, startE2e, switchLanguage, type E2eEnv, expectNothingWentWrong } from './support.ts';

const UI = {
  en: {
    sample: 'Open whatsapp-from-excel.csv', edit: 'Edit', findReplace: 'Find & replace…', findTitle: 'Find and replace', find: 'Find', replaceWith: 'Replace with', column: 'In column',
    replace: 'Replace', replacePreview: '2 cells in 2 rows would change.', search: 'Search', setValue: 'Set value…', setTitle: 'Set a value for the filtered rows', value: 'Value',
    set: 'Set value', setPreview: '2 cells in 2 rows would change.', clear: 'Clear filters', excludeRow: 'Exclude row', excluded: 'Excluded', exclude: 'Exclude…',
    excludeTitle: 'Exclude or include the filtered rows', cancel: 'Cancel', exportButton: 'Export…', chooseFolder: 'Choose folder…', runExport: 'Export', done: '3 files written', undo: 'Undo',
  },
  'zh-TW': {
    sample: '開啟 whatsapp-from-excel.csv', edit: '編輯', findReplace: '尋找與取代…', findTitle: '尋找與取代', find: '尋找', replaceWith: '取代為', column: '欄位',
    replace: '取代', replacePreview: '將變更 2 列中的 2 個儲存格。', search: '搜尋', setValue: '設定值…', setTitle: '為篩選出的資料列設定值', value: '值',
    set: '設定值', setPreview: '將變更 2 列中的 2 個儲存格。', clear: '清除篩選', excludeRow: '排除此列', excluded: '已排除', exclude: '排除…',
    excludeTitle: '排除或納入篩選出的資料列', cancel: '取消', exportButton: '匯出…', chooseFolder: '選擇資料夾…', runExport: '匯出', done: '已產生 3 個檔案', undo: '復原',
  },
} as const;

type Lang = keyof typeof UI;

/** Screenshots at both small sizes, the page's own size restored after. */
async function shots(page: Page, name: string): Promise<void> {
  for (const size of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
}

describe.skipIf(SKIP_E2E)('spreadsheet-like edits in the app (issue #17 item 5)', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2e();
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  for (const lang of ['en', 'zh-TW'] as Lang[]) {
    it(`replaces with a preview, sets for the filtered rows, excludes a row, exports, undoes (${lang})`, { timeout: 120_000 }, async () => {
      const ui = UI[lang];
      const { page, problems, dialogs } = await openApp(env);
      if (lang !== 'en') await switchLanguage(page, lang);
      await page.getByRole('button', { name: ui.sample }).click();
      await gridRow(page, 7).waitFor();
      await settle(page);

      // Find and replace "vip" in the tag column (A–Z in any case): rows 3 and 5.
      const editButton = page.getByRole('button', { name: ui.edit, exact: true });
      await editButton.click();
      await shots(page, `edits-${lang}-menu`);
      expect(await axeViolations(page), 'the Edit list open').toEqual([]);
      // The list's first edit has the focus (Tab and Enter reach the rest).
      expect(await page.getByRole('button', { name: ui.findReplace }).evaluate((b) => b === document.activeElement)).toBe(true);
      await page.getByRole('button', { name: ui.findReplace }).click();
      const replaceDialog = page.getByRole('dialog', { name: ui.findTitle });
      await replaceDialog.getByLabel(ui.find, { exact: true }).fill('vip');
      await replaceDialog.getByLabel(ui.replaceWith).fill('Gold');
      await replaceDialog.getByLabel(ui.column).selectOption({ label: 'tag' });
      await poll(() => replaceDialog.locator('.edit-preview').textContent()).toBe(ui.replacePreview);
      expect(await axeViolations(page), 'find and replace dialog').toEqual([]);
      await shots(page, `edits-${lang}-replace`);
      await replaceDialog.getByRole('button', { name: ui.replace, exact: true }).click();
      await replaceDialog.waitFor({ state: 'detached' });
      await settle(page);
      await poll(() => gridRow(page, 3).textContent()).toContain('Gold');
      expect(await gridRow(page, 5).textContent()).toContain('新客，Gold');
      // Focus is back on the button that opened the dialog.
      expect(await editButton.evaluate((b) => b === document.activeElement)).toBe(true);

      // Set display_name for the rows the search shows (the two 張雅婷 rows).
      await page.getByRole('searchbox', { name: ui.search }).fill('張雅婷');
      await poll(() => page.locator('[role="grid"] [role="row"][data-row]').count()).toBe(2);
      await editButton.click();
      await page.getByRole('button', { name: ui.setValue }).click();
      const setDialog = page.getByRole('dialog', { name: ui.setTitle });
      await setDialog.getByLabel(ui.column).selectOption({ label: 'customer_id' });
      await setDialog.getByLabel(ui.value, { exact: true }).fill('M-0003-A');
      await poll(() => setDialog.locator('.edit-preview').textContent()).toBe(ui.setPreview);
      expect(await axeViolations(page), 'set value dialog').toEqual([]);
      await shots(page, `edits-${lang}-set`);
      await setDialog.getByRole('button', { name: ui.set, exact: true }).click();
      await setDialog.waitFor({ state: 'detached' });
      await settle(page);
      await poll(() => gridRow(page, 4).textContent()).toContain('M-0003-A');
      expect(await gridRow(page, 7).textContent()).toContain('M-0003-A');

      // The exclude dialog for the filtered rows (looked at, then cancelled).
      await editButton.click();
      await page.getByRole('button', { name: ui.exclude }).click();
      const excludeDialog = page.getByRole('dialog', { name: ui.excludeTitle });
      await poll(() => excludeDialog.locator('.edit-preview').textContent()).not.toBe('');
      expect(await axeViolations(page), 'exclude dialog').toEqual([]);
      await shots(page, `edits-${lang}-exclude-filtered`);
      await excludeDialog.getByRole('button', { name: ui.cancel }).click();
      await page.getByRole('button', { name: ui.clear }).click();
      await poll(() => page.locator('[role="grid"] [role="row"][data-row]').count()).toBe(6);

      // Exclude row 7 (the one row MAAC would take) from the row panel.
      expect(await gridRow(page, 7).locator('[data-outcome]').getAttribute('data-outcome')).toBe('create');
      await gridRow(page, 7).locator('[role="gridcell"]').nth(3).click();
      await page.getByRole('button', { name: ui.excludeRow }).click();
      await settle(page);
      await poll(() => gridRow(page, 7).getAttribute('data-excluded')).toBe('');
      expect(await gridRow(page, 7).locator('.excluded-badge').textContent()).toBe(ui.excluded);
      expect(await axeViolations(page), 'review with an excluded row').toEqual([]);
      await shots(page, `edits-${lang}-excluded-row`);

      // Export: the excluded row is in neither the upload-ready file nor the rejected rows.
      await page.getByRole('button', { name: ui.exportButton }).click();
      const exportDialog = page.getByRole('dialog');
      await exportDialog.getByRole('button', { name: ui.chooseFolder }).click();
      await poll(() => exportDialog.locator('.folder-path').textContent()).toBe(env.bridge.exportDir);
      await exportDialog.getByRole('button', { name: ui.runExport, exact: true }).click();
      await poll(() => exportDialog.locator('.export-result h3').textContent(), 20_000).toBe(ui.done);
      const upload = readFileSync((await exportDialog.locator('li[data-kind="upload-ready"] .file-path').textContent()) ?? '', 'utf8');
      const rejected = readFileSync((await exportDialog.locator('li[data-kind="rejected-rows"] .file-path').textContent()) ?? '', 'utf8');
      expect(upload.trim().split('\n')).toEqual(['WhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,email,birthday,tag']);
      expect(rejected).toContain('M-0002');
      expect(rejected).not.toContain('opted_out');
      await page.keyboard.press('Escape');
      await exportDialog.waitFor({ state: 'detached' });

      // Undo brings the row back: no longer excluded.
      await page.getByRole('button', { name: ui.undo, exact: true }).click();
      await settle(page);
      await poll(() => gridRow(page, 7).getAttribute('data-excluded')).toBe(null);
      expect(await page.locator('.fix-log li').count()).toBe(3);
      expect(await page.locator('.fix-log li.log-undone').count()).toBe(1);
      expectNothingWentWrong({ problems, dialogs }, env);
    });
  }
});
