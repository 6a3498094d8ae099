/**
 * Values from an untrusted file render as text in the real browser: a name cell holding an <img>
 * with an onerror handler shows those characters and adds no element, no script runs (no dialog),
 * and a right-to-left override (U+202E) is shown as a visible ⟨U+202E⟩ marker wherever the value is.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SKIP_E2E, chooseFile, gridRow, openApp, poll, removeDir, settle, startE2e, type E2eEnv, expectNothingWentWrong } from './support.ts';

const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(2)>';
const RLO = 'invoice\u202Efdp.exe';

describe.skipIf(SKIP_E2E)('hostile values in Chromium', () => {
  let env: E2eEnv;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-hostile-'));
    file = path.join(dir, 'hostile.csv');
    writeFileSync(file, [
      'WhatsApp_mobile,messaging_status,display_name,tag',
      `+886912345678,opted_in,${IMG},VIP`,
      `+886912345679,opted_in,${RLO},VIP`,
      `+886912345670,opted_in,"${SVG.replace(/"/g, '""')}",${IMG}`,
      '',
    ].join('\r\n'));
  });
  afterAll(async () => {
    await env?.close();
    if (dir) removeDir(dir);
  });

  it('shows markup as text, runs nothing, and marks U+202E', async () => {
    const { page, dialogs, problems, context } = await openApp(env);
    // Anything that runs would call alert(): the page's own alert is replaced by a tripwire too.
    await page.evaluate(() => {
      window.alert = (message?: unknown) => console.error(`alert called: ${String(message)}`);
    });
    await chooseFile(page, page.getByRole('button', { name: 'Open a CSV file…' }), file);
    await gridRow(page, 4).waitFor();
    await settle(page);

    const name = (row: number) => gridRow(page, row).locator('[aria-colindex="5"] .cell-value');
    expect(await name(2).textContent()).toBe(IMG);
    expect(await name(4).textContent()).toBe(SVG);
    expect(await gridRow(page, 4).locator('[aria-colindex="6"] .cell-value').textContent()).toBe(IMG);
    // The visible text has a marker in place of the invisible override, and the override itself is
    // not in the rendered text (it would reverse what follows).
    expect(await name(3).textContent()).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(await name(3).locator('.invisible-char').getAttribute('data-code-point')).toBe(String(0x202e));
    expect(await name(3).evaluate((el) => (el as HTMLElement).innerText.includes('\u202E'))).toBe(false);
    // The markup created no element anywhere.
    expect(await page.evaluate(() => document.querySelectorAll('img, svg[onload], [onerror]').length)).toBe(0);

    // Hover and focus show the cell's value again (detail line, tip) – still as text.
    await name(2).hover();
    await poll(() => page.locator('.cell-detail .detail-value').textContent()).toBe(IMG);
    await gridRow(page, 3).locator('[aria-colindex="5"]').click();
    await poll(() => page.locator('.cell-detail .detail-value').textContent()).toBe('invoice⟨U+202E⟩fdp.exe');

    // The search box takes the markup as a search term.
    await page.getByRole('searchbox').fill(IMG);
    await poll(() => page.locator('.filter-count').textContent()).toBe('2 of 3 rows');

    // The import preview lists the created contacts' values as text too.
    await page.getByRole('tab', { name: 'Import preview' }).click();
    const row3 = page.locator('.preview-rows tr[data-row="3"]');
    await row3.waitFor();
    await row3.locator('details > summary').click();
    expect(await row3.locator('.diff-list').textContent()).toContain('invoice⟨U+202E⟩fdp.exe');
    const row2 = page.locator('.preview-rows tr[data-row="2"]');
    await row2.locator('details > summary').click();
    expect(await row2.locator('.diff-list').textContent()).toContain(IMG);
    expect(await page.evaluate(() => document.querySelectorAll('img, [onerror], [onload]').length)).toBe(0);

    await page.waitForTimeout(300);
    expectNothingWentWrong({ problems, dialogs }, env);
    await context.close();
  }, 60_000);
});
