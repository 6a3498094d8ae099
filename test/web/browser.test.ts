/**
 * The loopback bridge in a real browser (Debian's Chromium through playwright-core): the built
 * renderer loads under the app's CSP without a single violation, finds no `window.listprep`, and
 * reaches the Api over HTTP with its token; a page of another origin cannot.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type BridgeHandle } from '../../web/server.ts';
import { createFakeApi, type FakeApi } from '../electron/fake-api.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((candidate) => existsSync(candidate));

describe.skipIf(!CHROMIUM)('the bridge in Chromium', () => {
  let outDir: string;
  let api: FakeApi;
  let bridge: BridgeHandle;
  let browser: Browser;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'listprep-renderer-'));
    await build({ configFile: path.resolve('vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true, sourcemap: false } });
    api = createFakeApi();
    api.appInfo.mockResolvedValue({ version: 'test', samples: [], recent: [] });
    bridge = await startBridge({ api, staticDir: outDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('loads the renderer under the CSP and calls the Api with its token', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // Chromium asks for /favicon.ico by itself (Electron does not); the renderer has none.
      if (message.location().url.endsWith('/favicon.ico')) return;
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (reply) => {
      if (reply.status() >= 400) problems.push(`${reply.status()} ${new URL(reply.url()).pathname}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    const response = await page.goto(bridge.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => api.appInfo.mock.calls.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => 'listprep' in window)).toBe(false);
    expect(await page.locator('#root').evaluate((root) => root.childElementCount)).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses a page of another origin, even one that knows the token', async () => {
    const page = await browser.newPage();
    // about:blank has an opaque origin: its fetch carries `Origin: null`.
    const status = await page.evaluate(
      async ({ origin, token }) => {
        try {
          const response = await fetch(`${origin}/api/appInfo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-listprep-token': token }, body: '{}' });
          return response.status;
        } catch {
          return 'blocked';
        }
      },
      { origin: bridge.origin, token: bridge.token },
    );
    // Either the browser blocks the cross-origin preflight or the bridge answers 403.
    expect([403, 'blocked']).toContain(status);
    await page.close();
  });
});
