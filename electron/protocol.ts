/**
 * The app:// scheme: serves the built renderer (dist/renderer) to the window, with the CSP and the
 * other security headers on every response. `resolveAppPath` and the handler are pure enough to
 * test under Node (Request/Response are Node globals too).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_SCHEME, SECURITY_HEADERS, isTrustedAppUrl } from './security.ts';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path (still percent-encoded) to a file under `root`, or null when it would leave
 * `root`: `..` (plain or encoded as `..%2f`), backslashes, NUL, drive letters, dotfiles.
 * A path ending in `/` means its index.html.
 */
export function resolveUnderRoot(root: string, pathname: string): string | null {
  const segments: string[] = [];
  for (const rawSegment of pathname.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return null;
    }
    if (segment === '') continue;
    if (segment.startsWith('.') || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0 || pathname.endsWith('/')) segments.push('index.html');
  const base = path.resolve(root);
  const resolved = path.resolve(base, ...segments);
  return resolved.startsWith(base + path.sep) ? resolved : null;
}

/** Maps an app://listprep/… URL to a file under `root`; null for any other URL or an escape. */
export function resolveAppPath(root: string, rawUrl: string): string | null {
  if (!isTrustedAppUrl(rawUrl)) return null;
  return resolveUnderRoot(root, new URL(rawUrl).pathname);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

export type ReadFile = (filePath: string) => Promise<Uint8Array>;

/** The protocol handler: GET/HEAD of files under `root`, nothing else. */
export function createAppProtocolHandler(root: string, read: ReadFile = readFile) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const filePath = resolveAppPath(root, request.url);
    if (!filePath) return textResponse(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await read(filePath);
    } catch {
      return textResponse(404, 'Not found');
    }
    const headers = { 'Content-Type': mimeTypeFor(filePath), 'Cache-Control': 'no-cache', ...SECURITY_HEADERS };
    return new Response(request.method === 'HEAD' ? null : (body as BodyInit), { status: 200, headers });
  };
}

/** The privileged-scheme registration (before app ready): standard + secure, fetch allowed, no CSP bypass. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME_PRIVILEGES.scheme, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);
}

export function handleAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root));
}
