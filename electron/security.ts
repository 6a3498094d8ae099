/**
 * Electron's security checklist as small, pure pieces: the window's webPreferences, the
 * Content-Security-Policy, the URL checks, and handlers that take the Electron objects as
 * parameters (so tests can pass fakes). Nothing here imports electron at run time.
 */
import type { WebPreferences } from 'electron';

/** The renderer is served from app://listprep/… (see protocol.ts), never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'listprep';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Every setting the checklist names, spelled out even where it is Electron's default. */
export function secureWebPreferences(options: { preload: string; devTools: boolean }): WebPreferences {
  return {
    preload: options.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // A file dropped outside the drop zone must not navigate the window to file://.
    navigateOnDragDrop: false,
    enableWebSQL: false,
    safeDialogs: true,
    devTools: options.devTools,
  };
}

/**
 * The policy, directive by directive. No 'unsafe-inline' anywhere: React sets styles through the
 * CSSOM (element.style), which CSP does not restrict, and Vite emits CSS as files.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** Headers sent with every document and asset, by the app:// handler and by the loopback bridge. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > 8192) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** True only for app://listprep/… with no port and no credentials. */
export function isTrustedAppUrl(value: unknown): boolean {
  const url = parseUrl(value);
  if (!url) return false;
  return url.protocol === `${APP_SCHEME}:` && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

/** Hosts (and their subdomains) that may be opened in the user's browser: MAAC's help pages. */
export const EXTERNAL_DOMAIN_ALLOW_LIST: readonly string[] = ['crescendolab.com', 'cresclab.com'];

/** The Help menu's link: MAAC's help center. */
export const MAAC_HELP_URL = 'https://www.cresclab.com/';

function isAllowedHost(hostname: string): boolean {
  return EXTERNAL_DOMAIN_ALLOW_LIST.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}

/** What may go to shell.openExternal: https, an allow-listed host, default port, no credentials. */
export function isSafeExternalUrl(value: unknown): boolean {
  const url = parseUrl(value);
  if (!url) return false;
  return url.protocol === 'https:' && url.username === '' && url.password === '' && url.port === '' && isAllowedHost(url.hostname);
}

// ---- handlers: each takes the Electron object it hardens, so tests can pass a fake ----

export type OpenExternal = (url: string) => void | Promise<void>;

/** window.open and target=_blank never create a window; a vetted https link opens in the browser. */
export function createWindowOpenHandler(openExternal: OpenExternal) {
  return (details: { url: string }): { action: 'deny' } => {
    if (isSafeExternalUrl(details.url)) void openExternal(details.url);
    return { action: 'deny' };
  };
}

interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate: stay inside the app; a vetted external link opens in the browser instead. */
export function createNavigationGuard(openExternal: OpenExternal) {
  return (event: PreventableEvent, url: string): void => {
    if (isTrustedAppUrl(url)) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) void openExternal(url);
  };
}

/** will-redirect: only to the app itself. */
export function guardRedirect(event: PreventableEvent, url: string): void {
  if (!isTrustedAppUrl(url)) event.preventDefault();
}

/** will-attach-webview: ListPrep never uses <webview>. */
export function preventWebview(event: PreventableEvent): void {
  event.preventDefault();
}

/** The part of WebContents the hardening touches. */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export function hardenWebContents(contents: WebContentsLike, openExternal: OpenExternal): void {
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
  contents.on('will-navigate', createNavigationGuard(openExternal));
  contents.on('will-redirect', guardRedirect);
  contents.on('will-attach-webview', preventWebview);
}

/** The part of Session the hardening touches. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler?(handler: () => boolean): void;
}

/** ListPrep needs no permission at all: camera, notifications, clipboard-read, HID… all denied. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

/** The part of App the hardening touches: every WebContents ever created is hardened. */
export interface AppLike {
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

export function hardenApp(app: AppLike, openExternal: OpenExternal): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
}
