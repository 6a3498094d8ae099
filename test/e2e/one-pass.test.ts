/**
 * One pass (issue #15) and the recent cases (issue #17), in the real UI against the real core:
 * - a list and a contact snapshot chosen on the start screen are checked by one job that replays
 *   rows as it reads them: the Import preview shows updates at once, no second load or re-check
 *   follows, and Export stays off (with its reason) while the job runs;
 * - in Traditional Chinese, the files of an export are opened: the error report speaks Chinese,
 *   the error report, rejected rows and conflict list start with a BOM, the upload-ready file not;
 * - the start screen's recent cases show their folder (two of one name told apart), in both languages
 *   at 1280×720 and 1024×768.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWhatsAppList, WHATSAPP_HEADER } from '../bench/generate.ts';
import { shortFolder } from '../../renderer/lib/short-path.ts';
import { SKIP_E2E, chooseFile, fixture, gridRow, openApp, outcomeCounts, poll, screenshot, seriousViolations, settle, startE2e, switchLanguage, type E2eEnv, expectNothingWentWrong } from './support.ts';

const WORDS = {
  en: {
    title: 'Check a contact list before it goes into MAAC',
    chooseSnapshot: 'Choose…',
    useSnapshotSample: 'Use sample contacts-snapshot.csv',
    open: 'Open a CSV file…',
    trySample: 'Open whatsapp-from-excel.csv',
    previewTab: 'Import preview',
    update: 'Update',
    exportButton: 'Export…',
    exportBusy: 'Export is off while a task runs. Wait until it finishes, or cancel it.',
    noSnapshot: 'No contact snapshot is loaded',
    recentCaseIn: 'Case in',
    recentListIn: 'List in',
  },
  'zh-TW': {
    title: '匯入 MAAC 之前，先檢查聯絡人名單',
    chooseSnapshot: '選擇…',
    useSnapshotSample: '使用範例 contacts-snapshot.csv',
    open: '開啟 CSV 檔案…',
    trySample: '開啟 whatsapp-from-excel.csv',
    previewTab: '匯入預覽',
    update: '更新',
    exportButton: '匯出…',
    exportBusy: '工作進行中，暫時無法匯出。請等它完成，或按「取消」。',
    noSnapshot: '尚未載入聯絡人快照',
    recentCaseIn: '案件位於',
    recentListIn: '名單位於',
  },
} as const;

const SIZES = [{ width: 1280, height: 720 }, { width: 1024, height: 768 }] as const;

/** Screenshots at both sizes, with `show` scrolled into view at each. */
async function shots(page: Page, name: string, show?: Locator): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await show?.scrollIntoViewIfNeeded();
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The Api calls the page makes, by method (the bridge serves POST /api/<method>), with their bodies. */
function recordCalls(page: Page): Array<{ method: string; body: string }> {
  const calls: Array<{ method: string; body: string }> = [];
  page.on('request', (request) => {
    const match = /\/api\/(\w+)$/.exec(new URL(request.url()).pathname);
    if (match && request.method() === 'POST') calls.push({ method: match[1]!, body: request.postData() ?? '' });
  });
  return calls;
}

/** The distinct job ids the page followed. */
const followedJobs = (calls: Array<{ method: string; body: string }>) => [...new Set(calls.filter((c) => c.method === 'getJob').map((c) => (JSON.parse(c.body) as { jobId: string }).jobId))];

describe.skipIf(SKIP_E2E)('one pass: the snapshot chosen on the start screen is part of the first check (issue #15)', () => {
  let env: E2eEnv;
  let dir: string;
  let bigList: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-one-pass-'));
    // Row 2 is contact W1 of the snapshot (an update); 120,000 generated rows keep the check running a while.
    const filler = path.join(dir, 'filler.csv');
    await writeWhatsAppList(filler, 120_000);
    const body = readFileSync(filler, 'utf8');
    bigList = path.join(dir, 'spring-relaunch.csv');
    writeFileSync(bigList, `${WHATSAPP_HEADER.join(',')}\r\n+886955666777,opted_in,張雅婷,female,M-0003,,,,\r\n${body.slice(body.indexOf('\r\n') + 2)}`);
    rmSync(filler);
    // Two recent cases of one name, saved in different folders, and one ListPrep keeps itself.
    for (const folder of ['Marketing/Campaigns/2025 Spring Relaunch/final', 'Marketing/Campaigns/2024 Autumn']) {
      const { caseId, jobId } = await env.api.openFile({ path: fixture('whatsapp-from-excel.csv') });
      while ((await env.api.getJob({ jobId })).state === 'running') await new Promise((resolve) => setTimeout(resolve, 50));
      mkdirSync(path.join(dir, folder), { recursive: true });
      await env.api.saveCaseAs({ caseId, path: path.join(dir, folder, 'whatsapp-from-excel.listprep') });
      await env.api.closeCase({ caseId });
    }
  }, 180_000);
  afterAll(async () => {
    await env?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the start screen lists recent cases with their folder, in English and Chinese', async () => {
    const { page, problems } = await openApp(env);
    for (const lang of ['en', 'zh-TW'] as const) {
      if (lang !== 'en') await switchLanguage(page, lang);
      await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(WORDS[lang].title);
      const entries = page.locator('.recent-case');
      await poll(() => entries.count()).toBe(4);
      // Newest first: each saved case, after the copy ListPrep kept of it (shown by its list's folder).
      const listFolder = `${WORDS[lang].recentListIn} ${shortFolder(path.dirname(fixture('whatsapp-from-excel.csv')))} · `;
      expect(await entries.locator('.recent-folder').allTextContents()).toEqual([
        `${WORDS[lang].recentCaseIn} …/Marketing/Campaigns/2024 Autumn · `, listFolder,
        `${WORDS[lang].recentCaseIn} …/2025 Spring Relaunch/final · `, listFolder,
      ]);
      expect(await entries.getByRole('button').allTextContents()).toEqual(Array(4).fill('whatsapp-from-excel.csv'));
      // The whole folder is in the tooltip.
      expect(await entries.locator('.recent-folder').evaluateAll((spans) => spans.map((s) => s.getAttribute('title')))).toEqual([
        path.join(dir, 'Marketing/Campaigns/2024 Autumn'), path.dirname(fixture('whatsapp-from-excel.csv')),
        path.join(dir, 'Marketing/Campaigns/2025 Spring Relaunch/final'), path.dirname(fixture('whatsapp-from-excel.csv')),
      ]);
      expect(await seriousViolations(page), `${lang} start`).toEqual([]);
      await shots(page, `${lang}-start-recent`, entries.last());
    }
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('in English: one check job replays rows as it reads them, and Export is off while it runs', async () => {
    const { page, dialogs, problems } = await openApp(env);
    const calls = recordCalls(page);
    const words = WORDS.en;
    await chooseFile(page, page.getByRole('button', { name: words.chooseSnapshot }).first(), fixture('contacts-snapshot.csv'));
    await poll(() => page.locator('.file-choice .chosen').first().textContent()).toBe('contacts-snapshot.csv');
    await chooseFile(page, page.getByRole('button', { name: words.open }), bigList);
    await gridRow(page, 2).waitFor({ timeout: 30_000 });

    // While the check runs: Export is off and says why; the preview already shows the replay.
    const during = await page.evaluate(() => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Export…') as HTMLButtonElement | undefined;
      return { running: document.querySelector('.job-bar') !== null, disabled: button?.disabled, title: button?.title };
    });
    expect(during).toEqual({ running: true, disabled: true, title: words.exportBusy });
    await page.getByRole('tab', { name: words.previewTab }).click();
    const row2 = page.locator('.preview-rows tr[data-row="2"]');
    await row2.waitFor();
    expect(await row2.locator('[data-outcome]').textContent()).toBe(words.update);
    // The contact by its name, its id after it.
    expect(await row2.locator('td').nth(1).textContent()).toBe('張雅婷 W1');
    expect(await page.locator('.preview').textContent()).not.toContain(words.noSnapshot);
    expect(await page.locator('.job-bar').count()).toBe(1);
    expect(await page.getByRole('button', { name: words.exportButton, exact: true }).isDisabled()).toBe(true);
    await shots(page, 'en-one-pass-checking');

    await page.waitForFunction(() => !document.querySelector('.job-bar') && !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 120_000 });
    await poll(() => page.getByRole('button', { name: words.exportButton, exact: true }).isDisabled(), 30_000).toBe(false);
    expect((await outcomeCounts(page, '.preview')).update).toBeGreaterThanOrEqual(1);

    // One open carrying the snapshot, one job followed, and no second load or check.
    const opened = calls.filter((c) => c.method === 'openFile').map((c) => JSON.parse(c.body) as { snapshot?: string });
    expect(opened).toHaveLength(1);
    expect(path.basename(opened[0]!.snapshot ?? '')).toBe('contacts-snapshot.csv');
    expect(calls.filter((c) => ['loadSnapshot', 'loadDefinitions', 'recheckCase', 'setOptions'].includes(c.method))).toEqual([]);
    expect(followedJobs(calls)).toHaveLength(1);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('in Traditional Chinese: the export’s files, opened — Chinese messages, a BOM on all but the upload-ready file', async () => {
    const { page, dialogs, problems } = await openApp(env);
    const calls = recordCalls(page);
    const words = WORDS['zh-TW'];
    await switchLanguage(page, 'zh-TW');
    await page.getByRole('button', { name: words.useSnapshotSample }).click();
    await page.getByRole('button', { name: words.trySample }).click();
    await gridRow(page, 7).waitFor();
    await settle(page);
    // Replayed in the first check: row 7 updates W1, with no load afterwards.
    expect(await outcomeCounts(page)).toEqual({ create: 0, update: 1, unchanged: 0, skip: 1, fail: 4 });
    expect(followedJobs(calls)).toHaveLength(1);

    await page.getByRole('button', { name: words.exportButton }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: /衝突清單/ }).check();
    await dialog.getByRole('button', { name: '選擇資料夾…' }).click();
    await poll(() => dialog.locator('.folder-path').textContent()).toBe(env.bridge.exportDir);
    await dialog.getByRole('button', { name: '匯出', exact: true }).click();
    await poll(() => dialog.locator('.export-result h3').textContent(), 30_000).toBe('已產生 4 個檔案');
    const pathOf = async (kind: string) => (await dialog.locator(`li[data-kind="${kind}"] .file-path`).textContent()) ?? '';
    const read = async (kind: string) => readFileSync(await pathOf(kind));
    const BOM = [0xef, 0xbb, 0xbf];
    const errors = await read('error-report');
    const rejected = await read('rejected-rows');
    const conflicts = await read('conflicts');
    const uploadReady = await read('upload-ready');
    expect([...errors.subarray(0, 3)]).toEqual(BOM);
    expect([...rejected.subarray(0, 3)]).toEqual(BOM);
    expect([...conflicts.subarray(0, 3)]).toEqual(BOM);
    expect([...uploadReady.subarray(0, 3)]).not.toEqual(BOM);
    expect(uploadReady.toString('utf8').startsWith('WhatsApp_mobile,')).toBe(true);
    // The error report's messages in the UI's language.
    expect(errors.toString('utf8').split('\r\n').find((line) => line.startsWith('3,WhatsApp_mobile,WhatsApp_mobile,8.86933E+11,phone.scientific,error,'))).toBe(
      '3,WhatsApp_mobile,WhatsApp_mobile,8.86933E+11,phone.scientific,error,第 3 列「WhatsApp_mobile」欄：「8.86933E+11」被試算表轉成科學記號，末幾碼已遺失且無法復原。請從原始資料重新輸入完整號碼。,',
    );
    // No conflict before row 5 is fixed (the marketer path has one): the list is its header alone.
    expect(conflicts.toString('utf8')).toBe('\uFEFFunified_contact_id,platform_type,platform_name,external_member_id,customer_id,conflict_reason,linked_by,row\r\n');
    await shots(page, 'zh-TW-one-pass-export');
    expectNothingWentWrong({ problems, dialogs }, env);
    await page.context().close();
  }, 120_000);
});
