/**
 * A new user takes the WhatsApp sample that went through Excel from open to a clean upload-ready
 * file, in the real UI (Chromium) against the real core: sees its problems (codes and outcome
 * counts), loads the contact snapshot, accepts bulk fixes, undoes and redoes one, accepts a fix in
 * the row panel, edits a cell by keyboard, checks the import preview (row 7 updates contact W1),
 * runs unification (customer IDs M-0004 / M-0009 held apart) and exports. Once in English (opening
 * the file by upload) and once in Traditional Chinese (switched in the header, opening the sample),
 * with a screenshot of each key screen in test-results/screenshots/. Issue #15: a cancelled check of
 * a large list shows "checked N of M rows" with Check again and Export off (and why), a partial export
 * only after its confirmation; a picture opens no case; the error report has a BOM and speaks the UI's language.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeWhatsAppList } from '../bench/generate.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SKIP_E2E, chartCodes, expectNothingWentWrong, chooseFile, fixture, gridRow, openApp, outcomeCounts, poll, screenshot, seriousViolations, settle, startE2e, switchLanguage, type E2eEnv,
} from './support.ts';

/** The words the path clicks and checks, as each language shows them. */
const UI = {
  en: {
    title: 'Check a contact list before it goes into MAAC',
    open: 'Open a CSV file…',
    trySample: 'Open whatsapp-from-excel.csv',
    options: 'Options',
    loadSnapshot: 'Load contact snapshot…',
    snapshotFact: 'contacts-snapshot.csv (4 contacts)',
    fixAll: (n: number) => (n === 1 ? `Fix ${n}` : `Fix all ${n}`),
    fileNoteLabels: ['Channel detected', 'Contacts not opted in'],
    leadingZeroLabel: 'Leading 0 lost',
    duplicateLabel: 'Same contact listed twice',
    undo: 'Undo',
    redo: 'Redo',
    rowTitle: (row: number) => `Row ${row}`,
    failBadge: 'Fail',
    accept: 'Accept',
    editLabel: 'Edit row 4, messaging_status',
    fixLog: [
      'Edited row 4, messaging_status', 'Accepted the fix for “Phone needs tidying” in row 4 (phone.format)',
      'Accepted every fix for “Tags split by full-width commas” (1 row, tag.separator)', 'Accepted every fix for “Leading 0 lost” (1 row, phone.leading_zero_lost)',
      'Accepted every fix for “Invalid subscription status” (1 row, status.invalid)', 'Accepted every fix for “Invalid gender” (2 rows, gender.invalid)',
      'Accepted every fix for “Invalid date” (3 rows, date.invalid)',
    ],
    previewTab: 'Import preview',
    ignoredTitle: 'What MAAC ignores or keeps',
    update: 'Update',
    unifyTab: 'Unification',
    runUnify: 'Run unification',
    conflictWhy: 'M-0004, M-0009',
    newContactNode: '王大同 (row 5)',
    exportButton: 'Export…',
    chooseFolder: 'Choose folder…',
    runExport: 'Export',
    done: '3 files written',
    fileKinds: ['Upload-ready', 'Error report', 'Rejected rows'],
    scientificLine: '3,WhatsApp_mobile,WhatsApp_mobile,8.86933E+11,phone.scientific,error,"Row 3, column ""WhatsApp_mobile"": ""8.86933E+11"" was turned into scientific notation by a spreadsheet: its last digits are gone and cannot be recovered. Re-enter the full number from the original source.",',
    willHold: { uploadReady: '(4 rows)', rejectedRows: '(2 rows)' },
  },
  'zh-TW': {
    title: '匯入 MAAC 之前，先檢查聯絡人名單',
    open: '開啟 CSV 檔案…',
    trySample: '開啟 whatsapp-from-excel.csv',
    options: '設定',
    loadSnapshot: '載入聯絡人快照…',
    snapshotFact: 'contacts-snapshot.csv（4 位聯絡人）',
    fixAll: (n: number) => `修正 ${n} 項`,
    fileNoteLabels: ['已自動判斷渠道', '有聯絡人未同意接收'],
    leadingZeroLabel: '開頭的 0 不見了',
    duplicateLabel: '同一聯絡人重複出現',
    undo: '復原',
    redo: '重做',
    rowTitle: (row: number) => `第 ${row} 列`,
    failBadge: '失敗',
    accept: '接受',
    editLabel: '編輯第 4 列「messaging_status」欄',
    fixLog: [
      '編輯第 4 列「messaging_status」欄', '接受第 4 列「電話格式待整理」的修正（phone.format）', '接受所有「標籤以全形符號分隔」的修正（1 列，tag.separator）',
      '接受所有「開頭的 0 不見了」的修正（1 列，phone.leading_zero_lost）', '接受所有「訂閱狀態無效」的修正（1 列，status.invalid）',
      '接受所有「性別無效」的修正（2 列，gender.invalid）', '接受所有「日期無效」的修正（3 列，date.invalid）',
    ],
    previewTab: '匯入預覽',
    ignoredTitle: 'MAAC 會忽略或保留的內容',
    update: '更新',
    unifyTab: '身分整合',
    runUnify: '執行身分整合',
    conflictWhy: 'M-0004, M-0009',
    newContactNode: '王大同（第 5 列）',
    exportButton: '匯出…',
    chooseFolder: '選擇資料夾…',
    runExport: '匯出',
    done: '已產生 3 個檔案',
    fileKinds: ['可上傳檔案', '錯誤報表', '被拒絕的列'],
    scientificLine: '3,WhatsApp_mobile,WhatsApp_mobile,8.86933E+11,phone.scientific,error,第 3 列「WhatsApp_mobile」欄：「8.86933E+11」被試算表轉成科學記號，末幾碼已遺失且無法復原。請從原始資料重新輸入完整號碼。,',
    willHold: { uploadReady: '(4 列)', rejectedRows: '(2 列)' },
  },
} as const;
type Lang = keyof typeof UI;

/** The upload-ready file after the path: UTF-8, MAAC's WhatsApp template header, fixed values, no failing rows. */
const EXPECTED_UPLOAD_READY = [
  'WhatsApp_mobile,messaging_status,display_name,gender,customer_id,mobile,email,birthday,tag',
  '+886933111222,opted_in,陳美玲,female,M-0001,+886933111222,,1988-07-09,"會員,台北"',
  '+886955666777,opted_in,張雅婷,female,M-0003,,,,',
  '+886955666778,opted_in,王大同,male,M-0004,0955666778,,1989-05-20,"新客,VIP"',
  '0955666777,opted_out,張雅婷,female,M-0003,,,,',
  '',
].join('\r\n');

const COLUMN = { WhatsApp_mobile: 3, messaging_status: 4, display_name: 5, gender: 6, customer_id: 7, mobile: 8, birthday: 9, tag: 10 } as const;
const cell = (page: Page, row: number, column: keyof typeof COLUMN) => gridRow(page, row).locator(`[aria-colindex="${COLUMN[column]}"]`);
/** A cell's value as shown (without its severity glyph and issue tip); the grid refetches after a change, so poll. */
const value = (page: Page, row: number, column: keyof typeof COLUMN) => () => cell(page, row, column).locator('.cell-value').textContent();

async function fixAll(page: Page, lang: Lang, code: string, fixable: number) {
  const button = page.locator(`.charts .bar-item[data-code="${code}"] .btn-fix`);
  await poll(() => button.textContent()).toBe(UI[lang].fixAll(fixable));
  await button.click();
  await page.locator(`.charts .bar-item[data-code="${code}"]`).waitFor({ state: 'detached' });
  await settle(page);
}

async function walk(env: E2eEnv, lang: Lang) {
  const ui = UI[lang];
  const { page, dialogs, problems } = await openApp(env);
  const shot = (name: string) => screenshot(page, `${lang}-${name}`);

  // Start.
  if (lang !== 'en') await switchLanguage(page, lang);
  await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(ui.title);
  await page.getByRole('button', { name: ui.trySample }).waitFor();
  await shot('01-start');

  // Open: English by upload (the file input of the browser bridge), Chinese with "Try a sample".
  if (lang === 'en') await chooseFile(page, page.getByRole('button', { name: ui.open }), fixture('whatsapp-from-excel.csv'));
  else await page.getByRole('button', { name: ui.trySample }).click();
  await gridRow(page, 7).waitFor();
  await settle(page);
  // The h1 is the file's name, then (for screen readers only) the tab on show.
  expect(await page.locator('.header-file').textContent()).toMatch(/^whatsapp-from-excel\.csv — \S/);
  expect(await outcomeCounts(page)).toEqual({ create: 1, update: 0, unchanged: 0, skip: 1, fail: 4 });
  expect(await chartCodes(page)).toEqual([
    'date.invalid', 'gender.invalid', 'phone.leading_zero_lost', 'phone.other_region', 'phone.scientific', 'status.invalid', 'status.missing',
    'key.duplicate_in_file', 'tag.separator', 'phone.format',
  ]);
  expect(await cell(page, 2, 'WhatsApp_mobile').getAttribute('data-code')).toBe('phone.leading_zero_lost');
  expect(await cell(page, 3, 'WhatsApp_mobile').getAttribute('data-code')).toBe('phone.scientific');
  expect(await cell(page, 4, 'messaging_status').getAttribute('data-code')).toBe('status.missing');
  await poll(value(page, 5, 'gender')).toBe('男');
  // The file notes name each code by its label, the code beside it.
  expect(await page.locator('.file-issues summary .issue-code').allTextContents()).toEqual(['file.channel_detected', 'risk.wa_not_opted_in']);
  expect(await page.locator('.file-issues summary .issue-label').allTextContents()).toEqual(ui.fileNoteLabels);
  expect(await page.locator('.charts .bar-item[data-code="phone.leading_zero_lost"] .issue-name').textContent()).toBe(`${ui.leadingZeroLabel} phone.leading_zero_lost`);

  // Load the contact snapshot (Options → Load contact snapshot…, an upload in the browser).
  await page.locator('.file-card .options-details > summary').click();
  await chooseFile(page, page.getByRole('button', { name: ui.loadSnapshot }), fixture('contacts-snapshot.csv'));
  await poll(() => page.locator('.file-card .facts').textContent()).toContain(ui.snapshotFact);
  await settle(page);
  await page.locator('.file-card .options-details > summary').click();
  // Row 7 (+886955666777) now matches contact W1: an update instead of a create.
  expect(await outcomeCounts(page)).toEqual({ create: 0, update: 1, unchanged: 0, skip: 1, fail: 4 });
  expect(await gridRow(page, 7).locator('[data-outcome]').getAttribute('data-outcome')).toBe('update');
  await shot('02-review');
  await cell(page, 2, 'WhatsApp_mobile').hover();
  await page.locator('.cell-detail .detail-issue [data-code="phone.leading_zero_lost"]').waitFor();
  await page.mouse.move(1270, 790);

  // Bulk fixes.
  await fixAll(page, lang, 'date.invalid', 3);
  await fixAll(page, lang, 'gender.invalid', 2);
  await fixAll(page, lang, 'status.invalid', 1);
  await fixAll(page, lang, 'phone.leading_zero_lost', 1); // one row, two cells (WhatsApp_mobile and mobile)
  await fixAll(page, lang, 'tag.separator', 1);
  await poll(value(page, 2, 'WhatsApp_mobile')).toBe('+886933111222');
  await poll(value(page, 5, 'birthday')).toBe('1989-05-20');
  await poll(value(page, 5, 'tag')).toBe('新客,VIP');

  // Undo the last fix, then redo it.
  await page.getByRole('button', { name: ui.undo, exact: true }).click();
  await page.locator('.charts .bar-item[data-code="tag.separator"]').waitFor();
  await settle(page);
  await poll(value(page, 5, 'tag')).toBe('新客，VIP');
  await page.getByRole('button', { name: ui.redo, exact: true }).click();
  await page.locator('.charts .bar-item[data-code="tag.separator"]').waitFor({ state: 'detached' });
  await settle(page);
  await poll(value(page, 5, 'tag')).toBe('新客,VIP');

  // The row panel of row 4: a proposed fix with Accept.
  await gridRow(page, 4).locator('[aria-colindex="1"]').click();
  const panel = page.locator('.row-panel');
  await poll(() => panel.locator('#row-panel-title').textContent()).toBe(ui.rowTitle(4));
  // The title shows at once; the row's issues come with its details (getRow), a moment later.
  await poll(() => panel.locator('.issue-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-code')))).toEqual(['phone.format', 'status.missing']);
  expect(await panel.locator('.issue-item[data-code="phone.format"] .fix-to').textContent()).toBe('+886955666777');
  await shot('03-row-panel');
  await panel.locator('.issue-item[data-code="phone.format"]').getByRole('button', { name: /phone\.format/ }).click();
  await poll(value(page, 4, 'WhatsApp_mobile')).toBe('+886955666777');
  await settle(page);

  // Fill the blank status of row 4 by keyboard: focus the cell, Enter, type, Enter.
  await cell(page, 4, 'messaging_status').click();
  await page.keyboard.press('Enter');
  const editor = page.getByRole('textbox', { name: ui.editLabel });
  await editor.waitFor();
  await page.keyboard.type('opted_in');
  await page.keyboard.press('Enter');
  await poll(value(page, 4, 'messaging_status')).toBe('opted_in');
  await settle(page);
  expect(await chartCodes(page)).toEqual(['phone.other_region', 'phone.scientific', 'key.duplicate_in_file', 'update.wa_reoptin']);
  expect(await outcomeCounts(page)).toEqual({ create: 2, update: 2, unchanged: 0, skip: 0, fail: 2 });
  // Focus came back to the edited cell.
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-colindex'))).toBe(String(COLUMN.messaging_status));
  // The fix log, newest first, in the user's language (the redone tag fix is not struck through).
  await page.locator('.fix-log > summary').click();
  expect(await page.locator('.fix-log .log-description').allTextContents()).toEqual(ui.fixLog);
  expect(await page.locator('.fix-log li.log-undone').count()).toBe(0);
  await page.locator('.fix-log > summary').click();

  // Import preview: row 7 updates contact W1 (messaging_status opted_in → opted_out, after row 4).
  await page.getByRole('tab', { name: ui.previewTab }).click();
  await page.getByRole('heading', { name: ui.ignoredTitle }).waitFor();
  const row7 = page.locator('.preview-rows tr[data-row="7"]');
  await row7.waitFor();
  expect(await outcomeCounts(page, '.preview')).toEqual({ create: 2, update: 2, unchanged: 0, skip: 0, fail: 2 });
  expect(await row7.locator('[data-outcome]').textContent()).toBe(ui.update);
  // The contact by its name (the snapshot's display_name), its id after it (issue #17).
  expect(await row7.locator('td').nth(1).textContent()).toBe('張雅婷 W1');
  expect(await row7.locator('.diff-list li').allTextContents()).toEqual([expect.stringMatching(/^messaging_status opted_in\s*→.*opted_out$/)]);
  expect(await row7.locator('.issue-code').allTextContents()).toEqual(['key.duplicate_in_file']);
  expect(await row7.locator('.issue-label').allTextContents()).toEqual([ui.duplicateLabel]);
  const row4 = page.locator('.preview-rows tr[data-row="4"]');
  expect(await row4.locator('td').nth(1).textContent()).toBe('張雅婷 W1');
  expect(await row4.locator('.diff-field').allTextContents()).toEqual(['messaging_status', 'gender']);
  expect(await page.locator('.explanations .explanation').evaluateAll((items) => items.map((i) => i.getAttribute('data-code')))).toEqual([
    'update.wa_reoptin', 'key.duplicate_in_file',
  ]);
  await row7.scrollIntoViewIfNeeded();
  await shot('04-preview');

  // Unification: row 5 (M-0004) shares +886955666778 with the SMS contact S1 (M-0009): a conflict.
  await page.getByRole('tab', { name: ui.unifyTab }).click();
  await page.getByRole('button', { name: ui.runUnify }).click();
  const graph = page.locator('svg.conflict-graph');
  await graph.waitFor();
  await settle(page);
  expect(await page.locator('[data-stat="profiles"]').textContent()).toBe('4');
  expect(await page.locator('[data-stat="conflicts"]').textContent()).toBe('1');
  expect(await page.locator('.conflict-item .conflict-ids').allTextContents()).toEqual(['M-0004 ≠ M-0009']);
  expect(await graph.locator('[data-contact-id]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-contact-id')).sort())).toEqual(['S1', 'new-5']);
  expect(await graph.locator('.node-customer').allTextContents()).toEqual(expect.arrayContaining(['M-0004', 'M-0009']));
  // The shared phone is drawn as the dashed link MAAC does not merge across.
  expect(await graph.locator('g.edge-held .edge-label').allTextContents()).toEqual(['phone=+886955666778']);
  expect(await graph.locator('g.node[data-contact-id="new-5"] .node-label').textContent()).toBe(ui.newContactNode);
  expect(await page.locator('.conflict-why[data-code="identity.conflict"]').textContent()).toContain(ui.conflictWhy);
  await shot('05-unify');

  // Export: the upload-ready file, the error report and the rejected rows.
  await page.getByRole('button', { name: ui.exportButton }).click();
  const dialog = page.getByRole('dialog');
  // How many rows each file will hold, before writing: 4 to upload, 2 rejected.
  expect(await dialog.locator('[data-will-hold="uploadReady"]').textContent()).toBe(ui.willHold.uploadReady);
  expect(await dialog.locator('[data-will-hold="rejectedRows"]').textContent()).toBe(ui.willHold.rejectedRows);
  await dialog.getByRole('button', { name: ui.chooseFolder }).click();
  await poll(() => dialog.locator('.folder-path').textContent()).toBe(env.bridge.exportDir);
  await dialog.getByRole('button', { name: ui.runExport, exact: true }).click();
  await poll(() => dialog.locator('.export-result h3').textContent(), 20_000).toBe(ui.done);
  const files = dialog.locator('.file-list li');
  expect(await files.evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual(['upload-ready', 'error-report', 'rejected-rows']);
  expect(await files.locator('.file-kind').allTextContents()).toEqual(ui.fileKinds);
  await shot('06-export');

  const uploadReady = (await dialog.locator('li[data-kind="upload-ready"] .file-path').textContent()) ?? '';
  expect(path.dirname(uploadReady)).toBe(env.bridge.exportDir);
  expect(path.basename(uploadReady)).toBe('whatsapp-from-excel.upload-ready.csv');
  const bytes = readFileSync(uploadReady);
  expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(EXPECTED_UPLOAD_READY);
  const rejected = readFileSync((await dialog.locator('li[data-kind="rejected-rows"] .file-path').textContent()) ?? '', 'utf8');
  expect(rejected.split('\r\n').slice(1, 3).map((line) => line.split(',')[0])).toEqual(['8.86933E+11', '+85261234567']);
  // The error report, opened as a spreadsheet would: a UTF-8 BOM first, messages in the UI's language (RULES.md §8).
  const errorBytes = readFileSync((await dialog.locator('li[data-kind="error-report"] .file-path').textContent()) ?? '');
  expect([...errorBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const errors = errorBytes.toString('utf8');
  expect(errors.split('\r\n')[0]).toBe('\uFEFFrow,column,field,value,code,severity,message,fix');
  expect(errors.split('\r\n').find((line) => line.startsWith('3,WhatsApp_mobile,WhatsApp_mobile,8.86933E+11,phone.scientific,error,'))).toBe(ui.scientificLine);
  // The upload-ready file has no BOM (MAAC reads it).
  expect(bytes[0]).not.toBe(0xef);

  // The browser bridge also serves the file for download: the same bytes.
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.locator('li[data-kind="upload-ready"] a').click()]);
  const downloaded = await download.path();
  expect(readFileSync(downloaded).equals(bytes)).toBe(true);

  expectNothingWentWrong({ problems, dialogs }, env);
  await page.context().close();
}

describe.skipIf(SKIP_E2E)('a marketer takes the WhatsApp sample to a clean upload-ready file', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2e();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('in English, opening the file by upload', () => walk(env, 'en'), 60_000);
  it('in Traditional Chinese, switched in the header, opening the sample', () => walk(env, 'zh-TW'), 60_000);
});

/** The words of the incomplete-check path, as each language shows them. */
const GAP = {
  en: {
    cancel: 'Cancel',
    banner: /^Checked ([\d,]+) rows, about (\d+)% of the file — the check was cancelled$/,
    exportButton: 'Export…',
    exportOff: (checked: string, percent: string) => `Export is off: only ${checked} rows (about ${percent}% of the file) were checked. Check again first.`,
    exportPartial: 'Export a partial set…',
    confirm: 'Export a partial set anyway, without the rest of the file. Every file name will say “.partial”.',
    checkAgain: 'Check again',
    picture: 'This is a picture, not a list',
  },
  'zh-TW': {
    cancel: '取消',
    banner: /^已檢查 ([\d,]+) 列，約檔案的 (\d+)%——檢查已取消$/,
    exportButton: '匯出…',
    exportOff: (checked: string, percent: string) => `無法匯出：只檢查了 ${checked} 列（約檔案的 ${percent}%）。請先重新檢查。`,
    exportPartial: '匯出不完整的檔案…',
    confirm: '仍要匯出不完整的檔案，不含檔案其餘的部分。每個檔名都會標示「.partial」。',
    checkAgain: '重新檢查',
    picture: '這是一張圖片，不是名單',
  },
} as const;

const SIZES = [{ width: 1280, height: 720 }, { width: 1024, height: 768 }] as const;

async function shots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Opens a large list, cancels its check mid-file, and takes the path a user takes from there. */
async function cancelled(env: E2eEnv, lang: Lang, list: string, picture: string) {
  const words = GAP[lang];
  env.serverErrors.splice(0); // what an earlier test left is that test's to report
  const { page, dialogs, problems } = await openApp(env);
  if (lang !== 'en') await switchLanguage(page, lang);

  // A picture named .csv opens no case: the start screen says what it is.
  await chooseFile(page, page.getByRole('button', { name: UI[lang].open }), picture);
  const refused = page.locator('.open-refused');
  await poll(() => refused.locator('h2').textContent()).toBe(words.picture);
  expect(await refused.locator('[data-code]').textContent()).toBe('file.picture');
  expect(await page.locator('[role="grid"]').count()).toBe(0);
  expect(await seriousViolations(page), 'refused file').toEqual([]);
  await shots(page, `${lang}-07-refused`);

  // Open the large list and cancel its check once some rows show.
  await chooseFile(page, page.getByRole('button', { name: UI[lang].open }), list);
  await gridRow(page, 2).waitFor();
  await page.locator('.job-bar').getByRole('button', { name: words.cancel }).click();
  const banner = page.locator('.incomplete-banner');
  await banner.waitFor();
  await settle(page);
  const title = (await banner.locator('h2').textContent()) ?? '';
  const [, checked, percent] = words.banner.exec(title.replace(/^⚠ /, '')) ?? [];
  expect(title.replace(/^⚠ /, '')).toMatch(words.banner);
  expect(Number(checked.replace(/,/g, ''))).toBeGreaterThan(0);
  expect(Number(checked.replace(/,/g, ''))).toBeLessThan(200_000);
  expect(Number(percent)).toBeLessThan(100);
  // Export is off, and its tooltip says why.
  const exportButton = page.getByRole('button', { name: words.exportButton, exact: true });
  expect(await exportButton.isDisabled()).toBe(true);
  expect(await exportButton.getAttribute('title')).toBe(words.exportOff(checked, percent));
  expect(await seriousViolations(page), 'incomplete banner').toEqual([]);
  await shots(page, `${lang}-08-incomplete`);

  // The partial export is offered only after a confirmation naming what is missing.
  await banner.getByRole('button', { name: words.exportPartial }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('.export-partial').waitFor();
  await dialog.getByRole('button', { name: UI[lang].chooseFolder }).click();
  await poll(() => dialog.locator('.folder-path').textContent()).toBe(env.bridge.exportDir);
  const run = dialog.getByRole('button', { name: UI[lang].runExport, exact: true });
  expect(await run.isDisabled()).toBe(true);
  expect(await seriousViolations(page), 'partial export dialog').toEqual([]);
  await shots(page, `${lang}-09-export-partial`);
  await dialog.getByRole('checkbox', { name: words.confirm }).check();
  expect(await run.isDisabled()).toBe(false);
  await run.click();
  await poll(() => dialog.locator('.export-result h3').textContent(), 30_000).toBe(UI[lang].done);
  const names = await dialog.locator('.file-list .file-path').allTextContents();
  expect(names.map((n) => path.basename(n))).toEqual(['big-list.partial.upload-ready.csv', 'big-list.partial.errors.csv', 'big-list.partial.rejected.csv']);
  await page.keyboard.press('Escape');

  // Check again: the whole file, then Export is on again.
  await banner.getByRole('button', { name: words.checkAgain }).click();
  await banner.waitFor({ state: 'detached' });
  // 200,000 rows on a machine shared with other work: longer than settle's usual wait.
  await page.waitForFunction(() => !document.querySelector('.job-bar') && !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 90_000 });
  await poll(() => exportButton.isDisabled(), 60_000).toBe(false);
  expect(await page.locator('.file-card .facts').textContent()).toContain('200,000');

  expect(dialogs).toEqual([]);
  // The refused open is a rejected call (422), as it should be. While Check again reads the file
  // from its start, a row panel or hover asking for a row not read yet gets "no row" (400) and says
  // "unavailable" until the row is there: nothing else went wrong.
  expect(problems.filter((p) => !p.includes('status of 400'))).toEqual(['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  const reported = env.serverErrors.splice(0).map((e) => e.split('\n')[0]);
  expect(reported.filter((e) => !/^getRow: ApiError: There is no row \d+ in this list\.$/.test(e))).toEqual([
    'openFile: ApiError: This is a picture (PNG), not a list. Open the CSV file that holds your contacts instead.',
  ]);
  await page.context().close();
}

describe.skipIf(SKIP_E2E)('a check cancelled midway, and a file that is no list (issue #15)', () => {
  let env: E2eEnv;
  let dir: string;
  let list: string;
  let picture: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-gap-'));
    list = path.join(dir, 'big-list.csv');
    await writeWhatsAppList(list, 200_000);
    picture = path.join(dir, 'photo.csv');
    writeFileSync(picture, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('in English', () => cancelled(env, 'en', list, picture), 120_000);
  it('in Traditional Chinese', () => cancelled(env, 'zh-TW', list, picture), 120_000);
});
