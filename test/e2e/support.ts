/**
 * End-to-end support: the real service (SQLite, jobs in worker threads) behind the loopback bridge,
 * a fresh Vite build of the renderer, and Debian's Chromium through playwright-core. Each test file
 * calls `startE2e()` once in beforeAll (one build, one bridge, one browser) and `env.close()` after.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { expect, onTestFailed } from 'vitest';
import { createService, type Service } from '../../core/api/service.ts';
import { startBridge, type BridgeHandle } from '../../web/server.ts';
import { testWorkerSettings } from '../helpers/test-worker.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
export const SCREENSHOTS = path.join(REPO, 'test-results', 'screenshots');
export const FAILURES = path.join(REPO, 'test-results', 'failures');
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate));
/** Without Chromium the end-to-end tests are skipped on a developer's machine, never in CI (CI=true installs it). */
export const SKIP_E2E = !CHROMIUM && !process.env.CI;
export const VIEWPORT = { width: 1280, height: 800 };

export const fixture = (name: string) => path.join(FIXTURES, name);

export interface E2eEnv {
  api: Service;
  bridge: BridgeHandle;
  browser: Browser;
  dataDir: string;
  /** What the core threw (stack included) while serving the page: a test asserts it stays empty. */
  serverErrors: string[];
  close(): Promise<void>;
}

export async function startE2e(): Promise<E2eEnv> {
  if (!CHROMIUM) throw new Error('Chromium is not installed: apt-get install chromium (the end-to-end tests drive /usr/bin/chromium)');
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-renderer-'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'listprep-e2e-data-'));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build; test the
  // production bundle the app ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(REPO, 'vite.config.ts'), mode: 'production', logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const api = createService({ dataDir, samplesDir: FIXTURES, version: 'e2e', worker: testWorkerSettings() });
  const serverErrors: string[] = [];
  const bridge = await startBridge({
    api,
    host: '127.0.0.1',
    port: 0,
    staticDir: outDir,
    dataDir,
    samplesDir: FIXTURES,
    onError: (where, error) => serverErrors.push(`${where}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // playwright-core gives every launch a fresh temporary user data dir.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    api,
    bridge,
    browser,
    dataDir,
    serverErrors,
    async close() {
      await browser.close().catch(() => undefined);
      await bridge.close().catch(() => undefined);
      api.close();
      rmSync(outDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface E2ePage {
  page: Page;
  context: BrowserContext;
  /** Every alert/confirm/prompt the page tried to show (there must be none). */
  dialogs: string[];
  /** Uncaught page errors, console errors and CSP violations. */
  problems: string[];
}

/**
 * A new browser context (own storage, English system language) on the app's URL, 1280×800. Call it
 * inside a test: if the test fails, the page's screenshot and text go to test-results/failures/.
 */
export async function openApp(env: E2eEnv): Promise<E2ePage> {
  // The page keeps the app's CSP ('self' scripts only): axe is evaluated through DevTools instead.
  const context = await env.browser.newContext({ viewport: VIEWPORT, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const dialogs: string[] = [];
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.location().url.endsWith('/favicon.ico')) return;
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  onTestFailed(async ({ task }) => {
    const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 80);
    mkdirSync(FAILURES, { recursive: true });
    await page.screenshot({ path: path.join(FAILURES, `${name}.png`), timeout: 5_000 }).catch(() => undefined);
    const text = await page.locator('body').innerText({ timeout: 5_000 }).catch((error: unknown) => String(error));
    writeFileSync(path.join(FAILURES, `${name}.txt`), [text, '', 'problems:', ...problems, 'dialogs:', ...dialogs, 'server errors:', ...env.serverErrors].join('\n'));
  });
  await page.goto(env.bridge.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, context, dialogs, problems };
}

/** How every browser test ends: no page error, console error or CSP report, no dialog, no server error. */
export function expectNothingWentWrong({ problems, dialogs }: Pick<E2ePage, 'problems' | 'dialogs'>, env: E2eEnv): void {
  expect(problems).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(env.serverErrors).toEqual([]);
}

/** Waits until no job runs and no action is pending (nothing on the page is aria-busy, the grid included). */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.job-bar') && !document.querySelector('[aria-busy="true"]'));
}

/** `expect.poll` with a wait long enough for a job (the default is one second). */
export function poll<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 50 });
}

/** Picks a file in the app's file chooser (the browser bridge uploads it). */
export async function chooseFile(page: Page, trigger: Locator, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), trigger.click()]);
  await chooser.setFiles(file);
}

/** Switches the language with the header's select, as a user does. */
export async function switchLanguage(page: Page, lang: 'en' | 'zh-TW'): Promise<void> {
  await page.locator('.lang-switch select').selectOption(lang);
  await poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** Saves a 1280×800 screenshot to test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // The confirmation toast ("3 rows changed.") lasts 5 s and would cover the screen under it.
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.notice').forEach((n) => n.style.setProperty('visibility', 'hidden')));
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  await page.evaluate(() => document.querySelectorAll<HTMLElement>('.notice').forEach((n) => n.style.removeProperty('visibility')));
  return file;
}

/** The grid row of a spreadsheet row number (the header is row 1). */
export function gridRow(page: Page, row: number): Locator {
  return page.locator(`[role="grid"] [role="row"][data-row="${row}"]`);
}

/** The outcome tiles' counts, read from the screen: {create: 0, update: 1, …}. */
export async function outcomeCounts(page: Page, scope = '.review'): Promise<Record<string, number>> {
  return page.locator(`${scope} .outcome-tiles li[data-outcome]`).evaluateAll((items) =>
    Object.fromEntries(items.map((li) => [li.getAttribute('data-outcome'), Number(li.querySelector('.tile-count')?.textContent?.replace(/[^\d]/g, ''))])),
  );
}

/** Issue codes in the "Issues" chart, in order. */
export async function chartCodes(page: Page): Promise<string[]> {
  return page.locator('.charts .bar-item[data-code]').evaluateAll((items) => items.map((li) => li.getAttribute('data-code') ?? ''));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

const AXE_SOURCE = readFileSync(path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Every axe violation on the page as it is now (minor and moderate included), described well enough to fix. */
export async function axeViolations(page: Page): Promise<string[]> {
  return (await runAxe(page)).map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

type AxeViolation = { id: string; impact?: string; help: string; nodes: Array<{ target: string[] }> };

async function runAxe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact?: string; help: string; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
}

/** Serious and critical axe violations on the page as it is now, described well enough to fix. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = { violations: Array<{ id: string; impact?: string; help: string; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}
