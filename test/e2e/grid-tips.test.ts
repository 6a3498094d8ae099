/**
 * Issue #17, the review grid's last layout gaps: a cell's tip is never cut by the grid's scroll box
 * or the window (bottom rows, rightmost column, 1024×768), and the "Excluded" badge fits its outcome
 * cell, in English and Chinese. Screenshots at 1280×720 and 1024×768 (test-results/screenshots/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, axeViolations, chooseFile, gridRow, openApp, poll, removeDir, screenshot, settle, startE2e, switchLanguage, type E2eEnv, expectNothingWentWrong } from './support.ts';

const ROWS = 60;
const UI = {
  en: { open: 'Open a CSV file…', excludeRow: 'Exclude row', excluded: 'Excluded' },
  'zh-TW': { open: '開啟 CSV 檔案…', excludeRow: '排除此列', excluded: '已排除' },
} as const;

/** The tip's box, whether it is inside the window, and whether the tip is what shows at its centre and corners (nothing covers or cuts it). */
async function tipPlacement(page: Page) {
  return page.evaluate(() => {
    const tip = document.querySelector<HTMLElement>('body > .cell-tip');
    if (!tip) return null;
    const r = tip.getBoundingClientRect();
    const inTip = (x: number, y: number) => tip.contains(document.elementFromPoint(x, y));
    return {
      for: tip.dataset.for,
      visible: getComputedStyle(tip).visibility === 'visible',
      inWindow: r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight && r.width > 100 && r.height > 20,
      shown: inTip(r.left + r.width / 2, r.top + r.height / 2) && inTip(r.left + 2, r.top + 2) && inTip(r.right - 2, r.bottom - 2),
      text: tip.textContent ?? '',
    };
  });
}

/** Whether an element is drawn whole inside its cell (not cut by the cell's edge) and nothing covers it. */
async function fitsCell(badge: Locator): Promise<boolean> {
  return badge.evaluate((el) => {
    const cell = el.closest('.gcell')!.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const seen = (x: number, y: number) => el.contains(document.elementFromPoint(x, y));
    return r.width > 20 && r.left >= cell.left && r.right <= cell.right && r.top >= cell.top && r.bottom <= cell.bottom
      && seen(r.left + 1, r.top + r.height / 2) && seen(r.right - 1, r.top + r.height / 2);
  });
}

describe.skipIf(SKIP_E2E)('grid tips and the Excluded badge (issue #17)', () => {
  let env: E2eEnv;
  let dir: string;
  let list: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-tips-'));
    list = path.join(dir, 'members.csv');
    // Every row has an impossible birthday in the rightmost column; every third row's phone lost its leading 0.
    const rows = Array.from({ length: ROWS }, (_, k) => `${k % 3 === 0 ? '9' : '09'}${String(12_000_000 + k).padStart(8, '0')},opted_in,Member ${k + 1},C-${k + 1},1979-13-0${1 + (k % 9)}`);
    fs.writeFileSync(list, ['WhatsApp_mobile,messaging_status,display_name,customer_id,birthday', ...rows].join('\n') + '\n');
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    removeDir(dir);
  });

  for (const lang of ['en', 'zh-TW'] as const) {
    it(`shows the tip of a bottom-right cell whole inside the window, and the Excluded badge whole (${lang})`, { timeout: 120_000 }, async () => {
      const ui = UI[lang];
      const { page, problems, dialogs } = await openApp(env);
      if (lang !== 'en') await switchLanguage(page, lang);
      await chooseFile(page, page.getByRole('button', { name: ui.open }), list);
      await gridRow(page, 2).waitFor();
      await settle(page);

      for (const size of [{ width: 1024, height: 768 }, { width: 1280, height: 720 }]) {
        await page.setViewportSize(size);
        const name = `grid-tips-${lang}-${size.width}x${size.height}`;
        // Keyboard: Ctrl+End focuses the last row's rightmost cell; its tip opens above it, moved left.
        if (size.width === 1024) await gridRow(page, 2).locator('[role="gridcell"]').nth(2).click();
        else await page.keyboard.press('Control+Home');
        // The pointer leaves the grid: the tip is the focused cell's.
        await page.mouse.move(5, 5);
        await page.keyboard.press('Control+End');
        await poll(() => page.evaluate(() => document.activeElement?.closest('[role="row"]')?.getAttribute('data-row'))).toBe(String(ROWS + 1));
        const focusedId = await page.evaluate(() => document.activeElement!.id);
        await poll(() => tipPlacement(page).then((p) => p?.for)).toBe(focusedId);
        const focused = (await tipPlacement(page))!;
        expect(focused, `${name}: the focused bottom-right cell's tip`).toMatchObject({ visible: true, inWindow: true, shown: true });
        expect(focused.text).toContain('date.invalid');
        const cellBox = (await page.locator(`#${focusedId}`).boundingBox())!;
        const tipBox = (await page.locator('body > .cell-tip').boundingBox())!;
        expect(tipBox.y + tipBox.height, `${name}: the tip opens above the bottom row`).toBeLessThanOrEqual(cellBox.y + 1);
        await screenshot(page, `${name}-focus-bottom-right`);

        // Pointer: the rightmost cell of the bottom row in view, then a bottom row's phone.
        const lastVisible = page.locator(`[role="row"][data-row="${ROWS + 1}"] [role="gridcell"]`).last();
        await lastVisible.hover();
        await poll(() => tipPlacement(page).then((p) => p?.for)).toBe(await lastVisible.getAttribute('id'));
        expect(await tipPlacement(page), `${name}: the hovered bottom-right cell's tip`).toMatchObject({ visible: true, inWindow: true, shown: true });
        await screenshot(page, `${name}-hover-bottom-right`);
        const phone = page.locator(`[role="row"][data-row="${ROWS - 1}"] [role="gridcell"]`).nth(1);
        await phone.hover();
        await poll(() => tipPlacement(page).then((p) => p?.for)).toBe(await phone.getAttribute('id'));
        expect(await tipPlacement(page), `${name}: a bottom row's phone`).toMatchObject({ visible: true, inWindow: true, shown: true });
        expect(await axeViolations(page), `${name}: a tip open`).toEqual([]);
        await screenshot(page, `${name}-hover-bottom-phone`);
        // Escape hides it.
        await page.keyboard.press('Escape');
        await poll(() => tipPlacement(page)).toBe(null);
      }

      // Exclude the last row (row panel): the badge is whole in its outcome cell at both sizes.
      await page.getByRole('button', { name: ui.excludeRow }).click();
      await settle(page);
      const badge = gridRow(page, ROWS + 1).locator('.excluded-badge');
      await poll(() => badge.textContent()).toBe(ui.excluded);
      // Back to the grid's first columns (the tips above scrolled it right).
      await page.locator('.grid-scroll').evaluate((grid) => grid.scrollTo({ left: 0 }));
      for (const size of [{ width: 1024, height: 768 }, { width: 1280, height: 720 }]) {
        await page.setViewportSize(size);
        await badge.scrollIntoViewIfNeeded();
        expect(await fitsCell(badge), `the Excluded badge at ${size.width}×${size.height}`).toBe(true);
        expect(await fitsCell(gridRow(page, ROWS + 1).locator('[data-outcome]')), `the outcome beside it at ${size.width}×${size.height}`).toBe(true);
        await gridRow(page, ROWS + 1).locator('.col-outcome').hover();
        await screenshot(page, `grid-tips-${lang}-${size.width}x${size.height}-excluded`);
      }
      expect(await axeViolations(page), 'an excluded row').toEqual([]);
      expectNothingWentWrong({ problems, dialogs }, env);
    });
  }
});
