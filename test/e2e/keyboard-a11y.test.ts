/**
 * Keyboard only, in Chromium: from the start screen to the grid, arrows, Enter to edit, Escape to
 * cancel, Enter to save, Ctrl+Z / Ctrl+Shift+Z, the tabs by arrow keys, unification and the export
 * dialog (focus trapped, Escape closes it and returns focus). axe-core runs in the real browser on
 * each main screen: no serious or critical violation.
 *
 * axe is injected with `page.evaluate(source)` (DevTools evaluation), not addScriptTag: the app's CSP
 * allows only 'self' scripts, so an injected <script> is refused, and the page keeps its real CSP.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, gridRow, openApp, poll, seriousViolations, settle, startE2e, type E2eEnv, expectNothingWentWrong } from './support.ts';

type Focus = { row: number | null; col: string | null; role: string | null; tag: string; text: string; label: string | null; inGrid: boolean; inDialog: boolean };

/** Where focus is: the grid row and column of a focused cell, and what the element is. */
function focused(page: Page): Promise<Focus | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const row = el.closest('[data-row]')?.getAttribute('data-row');
    return {
      row: row ? Number(row) : null, col: el.getAttribute('aria-colindex'), role: el.getAttribute('role'), tag: el.tagName.toLowerCase(),
      text: el.textContent?.trim().slice(0, 40) ?? '', label: el.getAttribute('aria-label'),
      inGrid: !!el.closest('[role="grid"]'), inDialog: !!el.closest('[role="dialog"]'),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element satisfies `accept`; fails after `max` presses. */
async function tabTo(page: Page, accept: (focus: Focus) => boolean, { back = false, max = 60 } = {}): Promise<void> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focus = await focused(page);
    if (focus && accept(focus)) return;
  }
  throw new Error(`focus never reached the element after ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

describe.skipIf(SKIP_E2E)('keyboard only, with axe-core in Chromium', () => {
  let env: E2eEnv;
  beforeAll(async () => {
    env = await startE2e();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('walks the main screens without a mouse and has no serious or critical axe violations', async () => {
    const { page, dialogs, problems, context } = await openApp(env);
    await page.getByRole('button', { name: 'Open whatsapp-from-excel.csv' }).waitFor();
    expect(await seriousViolations(page), 'start screen').toEqual([]);
    // The CSP is in force: an injected inline <script> (what addScriptTag does) is refused.
    await page.addScriptTag({ content: 'window.__injected = true;' }).catch(() => undefined);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    // Both reports arrive (the console's and, a task later, the securitypolicyviolation event's)
    // before they are cleared, so a late one is not taken for a problem on the next screen.
    await poll(() => problems.some((p) => /Content Security Policy/.test(p)) && problems.some((p) => /CSP violation: script-src/.test(p))).toBe(true);
    problems.length = 0;

    // Start: Tab to the sample snapshot and the sample list, Enter on each.
    await tabTo(page, (f) => f.text === 'Use sample contacts-snapshot.csv');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.file-choice .chosen').first().textContent()).toBe('contacts-snapshot.csv');
    await tabTo(page, (f) => f.text === 'Open whatsapp-from-excel.csv');
    await page.keyboard.press('Enter');
    await gridRow(page, 7).waitFor();
    await poll(() => page.locator('.file-card .facts').textContent()).toContain('contacts-snapshot.csv (4 contacts)');
    await settle(page);
    expect(await seriousViolations(page), 'review').toEqual([]);

    // Fix all, from the keyboard (focus leaves with the bar that goes away; Tab finds the next one).
    for (const code of ['status.invalid', 'gender.invalid', 'date.invalid']) {
      await tabTo(page, (f) => f.tag === 'button' && (f.label ?? '').endsWith(`(${code})`) && (f.label ?? '').startsWith('Fix'));
      await page.keyboard.press('Enter');
      await page.locator(`.charts .bar-item[data-code="${code}"]`).waitFor({ state: 'detached' });
      await settle(page);
    }

    // Tab into the grid: one tab stop, on the first data cell of row 2.
    await tabTo(page, (f) => f.inGrid);
    expect(await focused(page)).toMatchObject({ row: 2, col: '3', role: 'gridcell' });
    // The focused cell shows its issues (tip and detail line).
    await poll(() => page.locator('.cell-detail .detail-where').textContent()).toBe('Row 2 · WhatsApp_mobile');
    const focusedCell = await page.evaluate(() => document.activeElement!.id);
    await poll(() => page.locator('body > .cell-tip').getAttribute('data-for')).toBe(focusedCell);
    expect(await page.locator('body > .cell-tip').isVisible()).toBe(true);

    // Arrows: down twice, right once → row 4, messaging_status (blank).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ row: 4, col: '4' });
    await poll(() => page.locator('.row-panel #row-panel-title').textContent()).toBe('Row 4');
    // Home goes to the row number, End to the last column; back with ArrowLeft/ArrowRight.
    await page.keyboard.press('Home');
    expect(await focused(page)).toMatchObject({ row: 4, col: '1', role: 'rowheader' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ row: 4, col: '4' });

    // Enter edits; Escape cancels and gives focus back to the cell.
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'input', label: 'Edit row 4, messaging_status' });
    await page.keyboard.type('opted_out');
    await page.keyboard.press('Escape');
    await poll(() => focused(page)).toMatchObject({ row: 4, col: '4', role: 'gridcell' });
    expect(await gridRow(page, 4).locator('[aria-colindex="4"] .cell-value').textContent()).toBe('');
    expect(await page.getByRole('dialog').count()).toBe(0);

    // Enter, type, Enter saves; focus stays on the cell.
    await page.keyboard.press('Enter');
    await page.keyboard.type('opted_in');
    await page.keyboard.press('Enter');
    await poll(() => gridRow(page, 4).locator('[aria-colindex="4"] .cell-value').textContent()).toBe('opted_in');
    await settle(page);
    await poll(() => focused(page)).toMatchObject({ row: 4, col: '4' });

    // Ctrl+Z undoes the edit, Ctrl+Shift+Z redoes it.
    await page.keyboard.press('Control+z');
    await poll(() => gridRow(page, 4).locator('[aria-colindex="4"] .cell-value').textContent()).toBe('');
    await settle(page);
    await page.keyboard.press('Control+Shift+z');
    await poll(() => gridRow(page, 4).locator('[aria-colindex="4"] .cell-value').textContent()).toBe('opted_in');
    await settle(page);

    // With a cell editor open the page is still clean for axe.
    await page.locator('[role="grid"] [data-row="4"] [aria-colindex="4"]').focus();
    await page.keyboard.press('Enter');
    expect(await seriousViolations(page), 'review with the cell editor').toEqual([]);
    await page.keyboard.press('Escape');

    // Back to the tabs with Shift+Tab; arrows switch tabs.
    await tabTo(page, (f) => f.role === 'tab', { back: true });
    expect(await focused(page)).toMatchObject({ role: 'tab', text: 'Review' });
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ role: 'tab', text: 'Import preview' });
    await page.locator('.preview-rows tr[data-row="7"]').waitFor();
    expect(await page.getByRole('tab', { name: 'Import preview' }).getAttribute('aria-selected')).toBe('true');
    expect(await seriousViolations(page), 'import preview').toEqual([]);

    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ role: 'tab', text: 'Unification' });
    await tabTo(page, (f) => f.text === 'Run unification');
    await page.keyboard.press('Enter');
    await page.locator('svg.conflict-graph').waitFor();
    await settle(page);
    expect(await seriousViolations(page), 'unification').toEqual([]);

    // The export dialog: reached by Shift+Tab to the header's Export…, focus kept inside, Escape closes.
    await tabTo(page, (f) => f.text === 'Export…', { back: true });
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    expect(await focused(page)).toMatchObject({ text: 'Choose folder…' });
    expect(await seriousViolations(page), 'export dialog').toEqual([]);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.folder-path').textContent()).toBe(env.bridge.exportDir);
    await tabTo(page, (f) => f.text === 'Export' && f.tag === 'button', { max: 20 });
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.export-result h3').textContent(), 20_000).toBe('3 files written');
    // Focus moved to the outcome; Tab cycles inside the dialog.
    expect(await focused(page)).toMatchObject({ text: '3 files written' });
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect((await focused(page))?.inDialog).toBe(true);
    }
    expect(await seriousViolations(page), 'export result').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toMatchObject({ text: 'Export…' });

    expectNothingWentWrong({ problems, dialogs }, env);
    await context.close();
  }, 60_000);

  it('keeps focus somewhere sensible after every action; skip link, Ctrl+F to the filters', async () => {
    const { page, context, problems } = await openApp(env);
    await page.getByRole('button', { name: 'Open whatsapp-from-excel.csv' }).click();
    await gridRow(page, 7).waitFor();
    await settle(page);
    // The first Tab reaches the skip link; Enter puts focus on the grid's first cell.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to the rows' });
    expect(await page.locator('.skip-link').evaluate((el) => el.getBoundingClientRect().top >= 0)).toBe(true);
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toMatchObject({ inGrid: true, row: 2 });

    // Ctrl+F goes to the search field, which names its shortcut.
    await page.keyboard.press('Control+f');
    expect(await focused(page)).toMatchObject({ tag: 'input' });
    expect(await page.locator('.filter-bar input[type="search"]').getAttribute('aria-keyshortcuts')).toBe('Control+F Meta+F');
    expect(await page.locator('.filter-bar input[type="search"]').getAttribute('title')).toBe('Search values (Ctrl+F)');

    // Fix all: the bar goes away, focus moves to the next code's Fix button.
    await page.locator('.btn-fix[data-code="date.invalid"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.charts .bar-item[data-code="date.invalid"]').waitFor({ state: 'detached' });
    await settle(page);
    await poll(() => focused(page).then((f) => f?.label)).toBe('Fix all 2: Invalid gender (gender.invalid)');

    // Undo from its button: nothing is left to undo, so focus moves to Redo; Redo hands it back to Undo.
    await page.getByRole('button', { name: 'Undo' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.charts .bar-item[data-code="date.invalid"]').waitFor();
    await settle(page);
    await poll(() => focused(page).then((f) => f?.text)).toBe('↷ Redo');
    await page.keyboard.press('Enter');
    await page.locator('.charts .bar-item[data-code="date.invalid"]').waitFor({ state: 'detached' });
    await settle(page);
    await poll(() => focused(page).then((f) => f?.text)).toBe('↶ Undo');

    // Accept in the row panel: the issue goes, focus stays in the panel (the next Accept).
    await gridRow(page, 2).locator('[aria-colindex="3"]').click();
    const accept = page.locator('.row-panel .issue-item[data-code="phone.leading_zero_lost"] button').first();
    await accept.waitFor();
    const before = await page.locator('.row-panel .issue-item').count();
    await accept.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.row-panel .issue-item').count()).toBe(before - 1);
    await settle(page);
    await poll(() => page.evaluate(() => !!document.activeElement?.closest('.row-panel'))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('in Traditional Chinese too: no serious or critical axe violations on the review and the export dialog', async () => {
    const { page, context, problems } = await openApp(env);
    await page.locator('.lang-switch select').selectOption('zh-TW');
    await page.getByRole('button', { name: '開啟 whatsapp-from-excel.csv' }).click();
    await gridRow(page, 7).waitFor();
    await settle(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-TW');
    expect(await seriousViolations(page), 'review (zh-TW)').toEqual([]);
    await page.getByRole('button', { name: '匯出…' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await seriousViolations(page), 'export dialog (zh-TW)').toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
