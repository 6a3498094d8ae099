import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  handleAppProtocol,
  mimeTypeFor,
  registerAppScheme,
  resolveAppPath,
  resolveUnderRoot,
} from '../../electron/protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/security.ts';

const root = path.resolve('/srv/listprep/dist/renderer');

describe('resolveAppPath', () => {
  it.each([
    ['app://listprep/', 'index.html'],
    ['app://listprep', 'index.html'],
    ['app://listprep/index.html', 'index.html'],
    ['app://listprep/index.html?token=1#x', 'index.html'],
    ['app://listprep/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://listprep/assets/', 'assets/index.html'],
    ['app://listprep/assets//app.css', 'assets/app.css'],
    ['app://listprep/fonts/Noto%20Sans%20TC.woff2', 'fonts/Noto Sans TC.woff2'],
    ['app://listprep/i18n/%E4%B8%AD%E6%96%87.json', 'i18n/中文.json'],
  ])('maps %s inside the root', (url, relative) => {
    expect(resolveAppPath(root, url)).toBe(path.join(root, relative));
  });

  it('keeps plain and %2e%2e dot segments inside the root (the URL parser already removed them)', () => {
    expect(resolveAppPath(root, 'app://listprep/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppPath(root, 'app://listprep/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppPath(root, 'app://listprep/assets/../../../index.html')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    ['encoded slashes', 'app://listprep/..%2f..%2fetc%2fpasswd'],
    ['encoded slash, upper case', 'app://listprep/..%2F..%2Fetc/passwd'],
    ['encoded backslashes', 'app://listprep/..%5c..%5cetc%5cpasswd'],
    ['raw backslashes', 'app://listprep/..\\..\\etc\\passwd'],
    ['a NUL byte', 'app://listprep/index.html%00.png'],
    ['a Windows drive', 'app://listprep/C:%5cWindows%5cwin.ini'],
    ['a drive-relative segment', 'app://listprep/c:/x'],
    ['a dotfile', 'app://listprep/.env'],
    ['a dot directory', 'app://listprep/.git/config'],
    ['malformed percent-encoding', 'app://listprep/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['a port', 'app://listprep:1/index.html'],
    ['credentials', 'app://a:b@listprep/index.html'],
    ['file:', 'file:///etc/passwd'],
    ['http:', 'http://listprep/index.html'],
    ['https:', 'https://listprep/index.html'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,x'],
    ['not a URL', '../../etc/passwd'],
  ])('refuses %s', (_why, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('decodes once: a double-encoded ..%2f stays a literal file name inside the root', () => {
    expect(resolveAppPath(root, 'app://listprep/%252e%252e%252fetc')).toBe(path.join(root, '%2e%2e%2fetc'));
  });

  it('never returns a path outside the root, whatever the path', () => {
    const samples = ['/a/b', '/%2e%2e', '/..%2f', '/a/%2e%2e%2f%2e%2e%2f', '/x%00', '/%c0%ae%c0%ae/', '/.../', '/..../x'];
    for (const sample of samples) {
      const resolved = resolveUnderRoot(root, sample);
      if (resolved !== null) expect(resolved.startsWith(root + path.sep), sample).toBe(true);
    }
  });
});

describe('MIME types', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.PNG', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['a.unknown', 'application/octet-stream'],
    ['noext', 'application/octet-stream'],
  ])('%s → %s', (file, type) => expect(mimeTypeFor(file)).toBe(type));
});

describe('the app:// handler', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'listprep-protocol-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ListPrep</title>');
    writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(dir), 'outside-secret.txt'), 'secret');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(path.dirname(dir), 'outside-secret.txt'), { force: true });
  });

  it('serves index.html with its MIME type and the CSP', async () => {
    const response = await createAppProtocolHandler(dir)(new Request('app://listprep/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>ListPrep</title>');
  });

  it('serves assets and answers HEAD without a body', async () => {
    const handler = createAppProtocolHandler(dir);
    const js = await handler(new Request('app://listprep/assets/app.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const head = await handler(new Request('app://listprep/assets/app.js', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 (with the CSP) for missing files and escapes, 405 for other methods', async () => {
    const handler = createAppProtocolHandler(dir);
    const escape = `app://listprep/..%2foutside-secret.txt`;
    for (const url of ['app://listprep/missing.js', escape, 'app://listprep/../outside-secret.txt', 'app://evil/index.html']) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('secret');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    const post = await handler(new Request('app://listprep/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });

  it('never reads outside the root', async () => {
    const read = vi.fn(async () => new Uint8Array());
    const handler = createAppProtocolHandler(dir, read);
    await handler(new Request('app://listprep/..%2f..%2f..%2fetc%2fpasswd'));
    await handler(new Request('app://listprep/%2e%2e/%2e%2e/etc/passwd'));
    for (const [file] of read.mock.calls as unknown as [string][]) expect(file.startsWith(dir + path.sep)).toBe(true);
  });
});

describe('registration', () => {
  it('registers app: as standard and secure, with fetch, without bypassing the CSP', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    handleAppProtocol(protocol, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});
