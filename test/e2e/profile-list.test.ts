/**
 * Issue #17 item 4, "Unification you can read": a list of 62 WhatsApp contacts and the contact
 * snapshot, unified; the profile list shows who becomes one person a page at a time, a search finds
 * a contact by name, customer ID or phone, a conflict expands to its members, contacts are named by
 * their best human value, and axe finds nothing serious on the tab. Screenshots at 1280×720 and
 * 1024×768 in both languages go to test-results/screenshots/unify-profiles-*.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SKIP_E2E, chooseFile, fixture, openApp, poll, removeDir, screenshot, seriousViolations, settle, startE2e, switchLanguage, type E2eEnv, expectNothingWentWrong } from './support.ts';

const UI = {
  en: {
    open: 'Open a CSV file…',
    options: 'Options',
    loadSnapshot: 'Load contact snapshot…',
    snapshotFact: 'contacts-snapshot.csv (4 contacts)',
    unifyTab: 'Unification',
    runUnify: 'Run unification',
    search: 'Find a contact',
    count: '64 profiles',
    pageOne: 'Profiles 1–25 of 64',
    pageTwo: 'Profiles 26–50 of 64',
    pageThree: 'Profiles 51–64 of 64',
    next: 'Next',
    found: (n: number) => `${n} profile${n === 1 ? '' : 's'} found`,
    noMatch: 'No contact matches “nobody”.',
    show: 'Show its 2 contacts',
    hide: 'Hide its contacts',
    noCustomerId: 'no customer ID',
    held: 'held apart',
  },
  'zh-TW': {
    open: '開啟 CSV 檔案…',
    options: '設定',
    loadSnapshot: '載入聯絡人快照…',
    snapshotFact: 'contacts-snapshot.csv（4 位聯絡人）',
    unifyTab: '身分整合',
    runUnify: '執行身分整合',
    search: '尋找聯絡人',
    count: '64 個輪廓',
    pageOne: '第 1–25 個輪廓，共 64 個',
    pageTwo: '第 26–50 個輪廓，共 64 個',
    pageThree: '第 51–64 個輪廓，共 64 個',
    next: '下一頁',
    found: (n: number) => `找到 ${n} 個輪廓`,
    noMatch: '沒有聯絡人符合「nobody」。',
    show: '顯示其中 2 位聯絡人',
    hide: '隱藏聯絡人',
    noCustomerId: '無 customer ID',
    held: '被分開',
  },
} as const;
type Lang = keyof typeof UI;

/**
 * Row 2 shares L1's phone and customer ID (one person with L1 and E1); row 3 shares S1's phone with
 * another customer ID (a conflict); rows 4–63 are 60 people of their own.
 */
function writeList(dir: string): string {
  const lines = ['WhatsApp_mobile,messaging_status,display_name,customer_id', '+886933111222,opted_in,陳美玲,M-0001', '+886955666778,opted_in,王大同,M-0004'];
  for (let i = 0; i < 60; i++) lines.push(`+8869120000${String(i).padStart(2, '0')},opted_in,客戶${i},C-${String(i).padStart(2, '0')}`);
  const file = path.join(dir, 'members.csv');
  writeFileSync(file, lines.join('\r\n') + '\r\n');
  return file;
}

const SIZES = [{ width: 1280, height: 720 }, { width: 1024, height: 768 }] as const;
async function shots(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `${name}-${size.width}x${size.height}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The contact ids of each profile on the page, `+`-joined. */
const shownProfiles = (page: Page) =>
  page.locator('.profile-table tbody').evaluateAll((groups) => groups.map((g) => Array.from(g.querySelectorAll('tr[data-contact-id]')).map((r) => r.getAttribute('data-contact-id')).join('+')));

async function walk(env: E2eEnv, list: string, lang: Lang) {
  const ui = UI[lang];
  env.serverErrors.splice(0);
  const { page, dialogs, problems } = await openApp(env);
  if (lang !== 'en') await switchLanguage(page, lang);
  await chooseFile(page, page.getByRole('button', { name: ui.open }), list);
  await page.locator('[role="grid"] [role="row"][data-row="2"]').waitFor({ timeout: 60_000 });
  await settle(page);
  await page.locator('.file-card .options-details > summary').click();
  await chooseFile(page, page.getByRole('button', { name: ui.loadSnapshot }), fixture('contacts-snapshot.csv'));
  await poll(() => page.locator('.file-card .facts').textContent(), 60_000).toContain(ui.snapshotFact);
  await settle(page);

  await page.getByRole('tab', { name: ui.unifyTab }).click();
  await page.getByRole('button', { name: ui.runUnify }).click();
  const status = page.locator('.profile-status');
  await poll(() => status.textContent()).toBe(ui.count);
  await settle(page);
  expect(await page.locator('[data-stat="profiles"]').textContent()).toBe('64');
  expect(await page.locator('[data-stat="conflicts"]').textContent()).toBe('1');

  // A page of 25 profiles, then the last page of 14.
  expect(await page.locator('.profile-pager').textContent()).toContain(ui.pageOne);
  const first = await shownProfiles(page);
  expect(first).toHaveLength(25);
  await page.getByRole('button', { name: ui.next }).click();
  await poll(() => page.locator('.profile-pager').textContent()).toContain(ui.pageTwo);
  await page.getByRole('button', { name: ui.next }).click();
  await poll(() => page.locator('.profile-pager').textContent()).toContain(ui.pageThree);
  const third = await shownProfiles(page);
  expect(third).toHaveLength(14);
  expect(third.some((p) => first.includes(p))).toBe(false);

  // The merged profile: each contact by its name, its id after it, linked by the shared phone.
  const search = page.getByRole('searchbox', { name: ui.search });
  await search.fill('美玲');
  await poll(() => status.textContent()).toBe(ui.found(1));
  expect(await shownProfiles(page)).toEqual(['E1+L1+new-2']);
  const rows = page.locator('.profile-table tbody tr');
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('.contact-name')?.textContent))).toEqual(['陳美玲 E1', '美玲 L1', '陳美玲 new-2']);
  expect(await page.locator('.profile-table tr[data-contact-id="E1"] .profile-linked').textContent()).toBe('phone=+886933111222');
  expect(await page.locator('.profile-table tr[data-contact-id="L1"] .profile-linked').textContent()).toBe('customer_id=M-0001, phone=+886933111222');
  expect(await page.locator('.profile-table tr[data-contact-id="E1"] td').nth(2).textContent()).toBe(ui.noCustomerId);
  expect(await page.locator('.profile-table tr[data-contact-id="new-2"] td').last().textContent()).toBe('2');

  // By customer ID, by phone as dialled at home, and nothing.
  await search.fill('M-0009');
  await poll(() => shownProfiles(page)).toEqual(['S1']);
  expect(await page.locator('.profile-table tbody[data-profile-id] .badge-held').textContent()).toBe(ui.held);
  await search.fill('0955 666 778');
  await poll(() => shownProfiles(page)).toHaveLength(2);
  expect((await shownProfiles(page)).sort()).toEqual(['S1', 'new-3']);
  // What the screenshots show of the list: the four profiles with an M- customer ID, one of three contacts.
  await search.fill('M-000');
  await poll(() => status.textContent()).toBe(ui.found(4));
  await page.locator('.profile-list').scrollIntoViewIfNeeded();
  await shots(page, `unify-profiles-list-${lang}`);
  await search.fill('nobody');
  await poll(() => status.textContent()).toBe(ui.noMatch);
  expect(await page.locator('.profile-table').count()).toBe(0);
  await search.fill('');
  await poll(() => status.textContent()).toBe(ui.count);

  // The conflict expands to its members, named by their best human value.
  const expand = page.locator('.conflict-list .conflict-expand').first();
  expect(await expand.textContent()).toBe(ui.show);
  expect(await expand.getAttribute('aria-expanded')).toBe('false');
  await expand.click();
  expect(await expand.getAttribute('aria-expanded')).toBe('true');
  expect(await expand.textContent()).toBe(ui.hide);
  const members = page.locator('.conflict-members li');
  expect(await members.evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-contact-id'), li.querySelector('.contact-name')?.textContent]))).toEqual([
    ['S1', '0955666778 S1'],
    ['new-3', '王大同 new-3'],
  ]);
  expect(await page.locator('svg.conflict-graph g.node[data-contact-id="S1"] .node-label').textContent()).toBe('0955666778');

  expect(await seriousViolations(page), 'unification tab').toEqual([]);
  await page.locator('.conflicts').scrollIntoViewIfNeeded();
  await shots(page, `unify-profiles-${lang}`);

  expectNothingWentWrong({ problems, dialogs }, env);
  await page.context().close();
}

describe.skipIf(SKIP_E2E)('the Unification tab shows who becomes one person (issue #17)', () => {
  let env: E2eEnv;
  let dir: string;
  let list: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-profiles-'));
    list = writeList(dir);
  });
  afterAll(async () => {
    await env?.close();
    if (dir) removeDir(dir);
  });

  it('in English', () => walk(env, list, 'en'), 90_000);
  it('in Traditional Chinese', () => walk(env, list, 'zh-TW'), 90_000);
});
