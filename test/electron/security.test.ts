import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  EXTERNAL_DOMAIN_ALLOW_LIST,
  MAAC_HELP_URL,
  SECURITY_HEADERS,
  createNavigationGuard,
  createWindowOpenHandler,
  guardRedirect,
  hardenApp,
  hardenSession,
  hardenWebContents,
  isSafeExternalUrl,
  isTrustedAppUrl,
  preventWebview,
  secureWebPreferences,
  type WebContentsLike,
} from '../../electron/security.ts';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences({ preload: '/app/dist/electron/preload.cjs', devTools: false });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['enableWebSQL', false],
    ['safeDialogs', true],
    ['devTools', false],
  ] as const)('sets %s to %s', (key, value) => {
    expect(prefs[key]).toBe(value);
  });

  it('points at the preload it was given and sets nothing unexpected', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'preload', 'contextIsolation', 'sandbox', 'nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames',
        'webSecurity', 'allowRunningInsecureContent', 'experimentalFeatures', 'webviewTag', 'spellcheck', 'navigateOnDragDrop',
        'enableWebSQL', 'safeDialogs', 'devTools',
      ].sort(),
    );
    expect(secureWebPreferences({ preload: 'p', devTools: true }).devTools).toBe(true);
  });
});

function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives.has(name), `directive ${name} appears twice`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['frame-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ])('%s is exactly %j', (directive, sources) => {
    expect(csp.get(directive)).toEqual(sources);
  });

  it('has no other directive and never allows inline or eval code, wildcards or remote hosts', () => {
    expect([...csp.keys()].sort()).toEqual(
      ['default-src', 'script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'frame-src', 'object-src', 'base-uri', 'frame-ancestors', 'form-action'].sort(),
    );
    const allSources = [...csp.values()].flat();
    for (const forbidden of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'blob:', 'file:']) {
      expect(allSources).not.toContain(forbidden);
    }
  });

  it('is sent with the other security headers', () => {
    expect(SECURITY_HEADERS).toEqual({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });
});

describe('isTrustedAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://listprep/', 'app://listprep/assets/index-abc.js', 'app://listprep/index.html?x=1#y'])(
    'trusts %s',
    (url) => expect(isTrustedAppUrl(url)).toBe(true),
  );

  it.each([
    'app://evil/index.html',
    'app://listprep.evil.com/index.html',
    'app://listprep:8080/index.html',
    'app://user:pw@listprep/index.html',
    'app://user@listprep/index.html',
    'apps://listprep/index.html',
    'file:///etc/passwd',
    'file://listprep/index.html',
    'http://listprep/index.html',
    'https://listprep/index.html',
    'http://127.0.0.1:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:app://listprep/123',
    'about:blank',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
    '//listprep/index.html',
  ])('rejects %s', (url) => expect(isTrustedAppUrl(url)).toBe(false));

  it('rejects non-strings', () => {
    for (const value of [undefined, null, 42, {}, ['app://listprep/']]) expect(isTrustedAppUrl(value)).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('allow-lists MAAC help domains and their subdomains', () => {
    expect(EXTERNAL_DOMAIN_ALLOW_LIST).toEqual(['crescendolab.com', 'cresclab.com']);
    expect(isSafeExternalUrl(MAAC_HELP_URL)).toBe(true);
  });

  it.each([
    'https://cresclab.com/',
    'https://www.cresclab.com/zh-tw/maac',
    'https://help.crescendolab.com/hc/en-us/articles/123?x=1#top',
    'https://crescendolab.com',
    'https://a.b.crescendolab.com/x',
    'https://HELP.CRESCLAB.COM/',
    'https://cresclab.com:443/',
  ])('allows %s', (url) => expect(isSafeExternalUrl(url)).toBe(true));

  it.each([
    ['http (not https)', 'http://www.cresclab.com/'],
    ['a look-alike host', 'https://evilcresclab.com/'],
    ['a suffix trick', 'https://cresclab.com.evil.com/'],
    ['a trailing dot', 'https://cresclab.com./'],
    ['credentials', 'https://user:pass@www.cresclab.com/'],
    ['a username', 'https://user@www.cresclab.com/'],
    ['credentials hiding the host', 'https://www.cresclab.com@evil.com/'],
    ['a port', 'https://www.cresclab.com:8443/'],
    ['another host', 'https://example.com/'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,hi'],
    ['file:', 'file:///etc/passwd'],
    ['the app scheme', 'app://listprep/index.html'],
    ['mailto:', 'mailto:a@cresclab.com'],
    ['a relative URL', '/help'],
    ['an empty string', ''],
    ['a protocol-relative URL', '//www.cresclab.com/'],
  ])('rejects %s', (_why, url) => expect(isSafeExternalUrl(url)).toBe(false));

  it('rejects non-strings and absurdly long strings', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false);
    expect(isSafeExternalUrl({ href: MAAC_HELP_URL })).toBe(false);
    expect(isSafeExternalUrl(`https://www.cresclab.com/${'a'.repeat(9000)}`)).toBe(false);
  });
});

function preventable() {
  return { preventDefault: vi.fn() };
}

describe('window.open, navigation, redirects, webviews', () => {
  it('denies every new window and opens only vetted links externally', () => {
    const openExternal = vi.fn();
    const handler = createWindowOpenHandler(openExternal);
    expect(handler({ url: 'https://www.cresclab.com/help' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://www.cresclab.com/help']]);
  });

  it('lets navigation stay inside the app and blocks everything else', () => {
    const openExternal = vi.fn();
    const guard = createNavigationGuard(openExternal);
    const inside = preventable();
    guard(inside, 'app://listprep/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();

    for (const url of ['https://evil.com/', 'file:///etc/passwd', 'http://www.cresclab.com/', 'app://evil/']) {
      const event = preventable();
      guard(event, url);
      expect(event.preventDefault, url).toHaveBeenCalledTimes(1);
    }
    expect(openExternal).not.toHaveBeenCalled();

    const help = preventable();
    guard(help, 'https://help.cresclab.com/x');
    expect(help.preventDefault).toHaveBeenCalledTimes(1);
    expect(openExternal.mock.calls).toEqual([['https://help.cresclab.com/x']]);
  });

  it('blocks redirects out of the app and every webview', () => {
    const out = preventable();
    guardRedirect(out, 'https://www.cresclab.com/');
    expect(out.preventDefault).toHaveBeenCalledTimes(1);
    const inside = preventable();
    guardRedirect(inside, 'app://listprep/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const webview = preventable();
    preventWebview(webview);
    expect(webview.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('hardenWebContents installs all four handlers', () => {
    const listeners = new Map<string, (...args: never[]) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: WebContentsLike = {
      on: ((event: string, listener: (...args: never[]) => void) => listeners.set(event, listener)) as WebContentsLike['on'],
      setWindowOpenHandler: (handler) => (openHandler = handler),
    };
    hardenWebContents(contents, vi.fn());
    expect([...listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect']);
    expect(openHandler?.({ url: 'https://evil.com' })).toEqual({ action: 'deny' });
    const event = preventable();
    (listeners.get('will-navigate') as (e: unknown, url: string) => void)(event, 'https://evil.com');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('hardenApp hardens every WebContents created later', () => {
    let created: ((event: unknown, contents: WebContentsLike) => void) | undefined;
    hardenApp({ on: (_event, listener) => (created = listener) }, vi.fn());
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    created?.({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.on).toHaveBeenCalledTimes(3);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    hardenSession(session);
    const request = session.setPermissionRequestHandler.mock.calls[0][0];
    const check = session.setPermissionCheckHandler.mock.calls[0][0];
    const device = session.setDevicePermissionHandler.mock.calls[0][0];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'unknown']) {
      const callback = vi.fn();
      request({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check({}, permission)).toBe(false);
    }
    expect(device()).toBe(false);
  });
});
