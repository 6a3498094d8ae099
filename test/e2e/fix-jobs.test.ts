/**
 * Issue #15 in the app: "Fix all" on a larger list is a job. Its progress shows in the job bar, the
 * other tabs answer while it runs, and the rows come out fixed; Cancel of a fix leaves every row
 * as it was (screenshots in test-results/screenshots/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWhatsAppList } from '../bench/generate.ts';
import { SKIP_E2E, chooseFile, gridRow, openApp, poll, removeDir, screenshot, settle, startE2e, type E2eEnv, expectNothingWentWrong } from './support.ts';

const ROWS = 20_000;

describe.skipIf(SKIP_E2E)('fixes as jobs in the app (issue #15)', () => {
  let env: E2eEnv;
  let dir: string;
  let list: string;
  beforeAll(async () => {
    env = await startE2e();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-fix-'));
    list = path.join(dir, 'members.csv');
    await writeWhatsAppList(list, ROWS, 3);
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    removeDir(dir);
  });

  it('fix all while switching tabs, then cancel a fix: progress shows, tabs answer, rows right', { timeout: 90_000 }, async () => {
    const { page, problems, dialogs } = await openApp(env);
    await chooseFile(page, page.getByRole('button', { name: 'Open a CSV file…' }), list);
    await gridRow(page, 2).waitFor({ timeout: 60_000 });
    await settle(page);
    const bar = (code: string) => page.locator(`.charts .bar-item[data-code="${code}"]`);
    const fixButton = (code: string) => bar(code).locator('.btn-fix');
    const fixableOf = async (code: string) => Number((await fixButton(code).textContent())!.replace(/\D/g, ''));

    // Fix all gender.invalid, switching tabs while the job runs.
    const genders = await fixableOf('gender.invalid');
    expect(genders).toBeGreaterThan(100);
    await fixButton('gender.invalid').click();
    await page.locator('.job-bar .job').first().waitFor();
    await screenshot(page, 'fix-job-running');
    // The other tabs draw from the Api while the job runs (its thread has the rows' transaction).
    await page.getByRole('tab', { name: 'Import preview', exact: true }).click();
    await page.locator('.preview #preview-outcomes').waitFor();
    await page.getByRole('tab', { name: 'Unification', exact: true }).click();
    await page.locator('.unify .unify-keys').waitFor();
    await page.getByRole('tab', { name: 'Review', exact: true }).click();
    await bar('gender.invalid').waitFor({ state: 'detached', timeout: 30_000 });
    await settle(page);
    await poll(() => page.locator('.fix-log li').count()).toBe(1);

    // Set customer_id on all 20,000 rows, cancelled at once: nothing changes. (An edit of every row,
    // so the job still runs when Cancel is pressed; a fix of a few hundred rows can finish first.)
    const dates = await fixableOf('date.invalid');
    const rowsBefore = await gridRow(page, 3).textContent();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByRole('button', { name: 'Set value…' }).click();
    const setDialog = page.getByRole('dialog', { name: 'Set a value for the filtered rows' });
    await setDialog.getByLabel('In column').selectOption({ label: 'customer_id' });
    await setDialog.getByLabel('Value', { exact: true }).fill('CANCELLED');
    await setDialog.getByRole('button', { name: 'Set value', exact: true }).click();
    await page.locator('.job-bar').getByRole('button', { name: 'Cancel' }).click();
    await settle(page);
    expect(await page.locator('.fix-log li').count()).toBe(1);
    expect(await gridRow(page, 3).textContent()).toBe(rowsBefore);
    expect(await fixableOf('date.invalid')).toBe(dates);
    expect(await bar('gender.invalid').count()).toBe(0);
    await screenshot(page, 'fix-job-cancelled');
    expectNothingWentWrong({ problems, dialogs }, env);
  });
});

