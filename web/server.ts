/**
 * The loopback bridge: the built renderer and the same Api over HTTP on 127.0.0.1, for development
 * and browser tests only (never shipped). Every request must name this server in its Host header
 * (DNS rebinding), a cross-origin Origin is refused, and everything but the static files needs the
 * per-run token. Api calls go through the same dispatcher as Electron's IPC.
 *
 *   GET  /…                      the renderer (dist/renderer), with the app's CSP
 *   POST /api/<method>           JSON input → {ok, value} | {ok: false, error: {code, message}}
 *   POST /upload?name=…          the request body is a file: stored in this run's upload folder → its path
 *   POST /shell/pickFolder       → this run's export folder
 *   POST /shell/pickSavePath     {suggestedName} → a path in the export folder
 *   GET  /download?path=…        a file inside the export folder (token in header or query)
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, stat, unlink } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Api } from '../core/contract/api.ts';
import { dispatchApiCall, type ApiResult } from '../core/api/dispatch.ts';
import { guardApiPaths } from '../core/api/path-guard.ts';
import { createPathConfinement } from './path-confinement.ts';
import { caseFileName, sanitizeFileName } from '../electron/file-names.ts';
import { mimeTypeFor, resolveUnderRoot } from '../electron/protocol.ts';
import { SECURITY_HEADERS } from '../electron/security.ts';

export const TOKEN_HEADER = 'x-listprep-token';
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export interface BridgeOptions {
  api: Api;
  /** 0 or absent: a free port. */
  port?: number;
  /** The only accepted value: the bridge never listens beyond loopback. */
  host?: '127.0.0.1';
  /** The built renderer. */
  staticDir: string;
  /** Where this run's uploads/ and exports/ folders go (default: a new folder in the OS temp dir). */
  tempDir?: string;
  /** The service's data folder: its case files may be opened (recent cases). */
  dataDir?: string;
  /** The samples appInfo offers: they may be read. */
  samplesDir?: string;
  maxUploadBytes?: number;
  /** Keep this run's temp folder on close (default: remove it). */
  keepFiles?: boolean;
  /** Sees what the core (or the bridge) threw, stack included, before it is reduced to {code, message}. */
  onError?: (where: string, error: unknown) => void;
}

export interface BridgeHandle {
  /** The address to open, token included: http://127.0.0.1:N/?token=… */
  url: string;
  origin: string;
  token: string;
  port: number;
  uploadDir: string;
  exportDir: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, payload: ApiResult): void {
  send(res, status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, JSON.stringify(payload));
}

function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { ok: false, error: { code: error.code, message: error.message } });
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'input.invalid', 'Api calls are JSON (Content-Type: application/json).');
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // Not `for await`: leaving it early would destroy the socket before the refusal is sent.
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_JSON_BYTES) {
        refused = true;
        reject(new HttpError(413, 'input.invalid', 'The request body is too large.'));
      } else chunks.push(chunk);
    });
    req.on('end', () => refused || resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'input.invalid', 'The request body is not valid JSON.');
  }
}

function statusOf(result: ApiResult): number {
  if (result.ok) return 200;
  if (result.error.code === 'input.invalid') return 400;
  if (result.error.code === 'method.unknown') return 404;
  return 422;
}

function isInside(parent: string, child: string): boolean {
  return child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

export async function startBridge(options: BridgeOptions): Promise<BridgeHandle> {
  if (options.host !== undefined && options.host !== '127.0.0.1') throw new Error('The bridge listens on 127.0.0.1 only.');
  const host = '127.0.0.1';
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const token = randomBytes(32).toString('base64url');
  const runDir = options.tempDir ?? (await mkdtemp(path.join(os.tmpdir(), 'listprep-bridge-')));
  const uploadDir = path.join(runDir, 'uploads');
  const exportDir = path.join(runDir, 'exports');
  await mkdir(uploadDir, { recursive: true });
  await mkdir(exportDir, { recursive: true });
  const realExportDir = await realpath(exportDir);
  // Api paths stay inside the folders this bridge gave out (path-confinement.ts).
  const api = guardApiPaths(options.api, createPathConfinement({ uploads: uploadDir, exports: exportDir, data: options.dataDir, samples: options.samplesDir }));
  const staticRoot = path.resolve(options.staticDir);

  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  function checkCaller(req: IncomingMessage): void {
    if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) throw new HttpError(403, 'request.forbidden', 'Unknown Host.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(String(origin).toLowerCase())) throw new HttpError(403, 'request.forbidden', 'Cross-origin requests are refused.');
  }

  function checkToken(req: IncomingMessage, url: URL, allowQuery: boolean): void {
    const given = req.headers[TOKEN_HEADER] ?? (allowQuery ? url.searchParams.get('token') : undefined);
    if (!sameToken(given, token)) throw new HttpError(403, 'request.forbidden', 'A valid token is required.');
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const filePath = resolveUnderRoot(staticRoot, url.pathname);
    if (!filePath) throw new HttpError(404, 'not_found', 'Not found.');
    let body: Buffer;
    try {
      body = await readFile(filePath);
    } catch {
      throw new HttpError(404, 'not_found', 'Not found.');
    }
    const headers = { 'Content-Type': mimeTypeFor(filePath), 'Content-Length': body.length, 'Cache-Control': 'no-cache' };
    send(res, 200, headers, req.method === 'HEAD' ? undefined : body);
  }

  async function receiveUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxUploadBytes) throw new HttpError(413, 'upload.too_large', `The file is larger than ${maxUploadBytes} bytes.`);
    const name = sanitizeFileName(url.searchParams.get('name'), 'upload');
    const dir = path.join(uploadDir, randomUUID());
    await mkdir(dir);
    const target = path.join(dir, name);
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxUploadBytes) callback(new HttpError(413, 'upload.too_large', `The file is larger than ${maxUploadBytes} bytes.`));
        else callback(null, chunk);
      },
    });
    // req is piped, not part of the pipeline: a refused upload must leave the socket open for the answer.
    req.pipe(limit);
    req.once('aborted', () => limit.destroy(new HttpError(400, 'upload.failed', 'The upload was interrupted.')));
    try {
      await pipeline(limit, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      req.unpipe(limit);
      await unlink(target).catch(() => undefined);
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'upload.failed', 'The upload did not complete.');
    }
    sendJson(res, 200, { ok: true, value: target });
  }

  async function serveDownload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requested = url.searchParams.get('path');
    if (!requested || requested.includes('\0')) throw new HttpError(400, 'input.invalid', 'Which file? (path=…)');
    let real: string;
    try {
      real = await realpath(path.resolve(realExportDir, requested));
    } catch {
      throw new HttpError(404, 'not_found', 'No such export.');
    }
    if (!isInside(realExportDir, real)) throw new HttpError(403, 'request.forbidden', 'Only files in the export folder can be downloaded.');
    const info = await stat(real);
    if (!info.isFile()) throw new HttpError(404, 'not_found', 'No such export.');
    const fileName = path.basename(real);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': mimeTypeFor(real),
      'Content-Length': info.size,
      'Content-Disposition': `attachment; filename="${sanitizeFileName(fileName).replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(real), res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    checkCaller(req);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const { pathname } = url;
    const method = req.method ?? 'GET';

    if (pathname.startsWith('/api/')) {
      if (method !== 'POST') throw new HttpError(405, 'method.not_allowed', 'Api calls are POST.');
      checkToken(req, url, false);
      const input = await readJsonBody(req);
      let apiMethod: string;
      try {
        apiMethod = decodeURIComponent(pathname.slice('/api/'.length));
      } catch {
        apiMethod = '';
      }
      const result = await dispatchApiCall(api, apiMethod, input, { onError: options.onError });
      return sendJson(res, statusOf(result), result);
    }
    if (pathname === '/upload') {
      if (method !== 'POST') throw new HttpError(405, 'method.not_allowed', 'Uploads are POST.');
      checkToken(req, url, false);
      return receiveUpload(req, res, url);
    }
    if (pathname === '/shell/pickFolder' || pathname === '/shell/pickSavePath') {
      if (method !== 'POST') throw new HttpError(405, 'method.not_allowed', 'Shell calls are POST.');
      checkToken(req, url, false);
      const body = (await readJsonBody(req)) as { suggestedName?: unknown } | undefined;
      if (pathname === '/shell/pickFolder') return sendJson(res, 200, { ok: true, value: exportDir });
      if (typeof body?.suggestedName !== 'string') throw new HttpError(400, 'input.invalid', 'pickSavePath: suggestedName must be a string.');
      return sendJson(res, 200, { ok: true, value: path.join(exportDir, caseFileName(body.suggestedName)) });
    }
    if (pathname === '/download') {
      if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method.not_allowed', 'Downloads are GET.');
      checkToken(req, url, true);
      return serveDownload(req, res, url);
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method.not_allowed', 'Method not allowed.');
    return serveStatic(req, res, url);
  }

  /** Answers a refused request. What is left of its body is drained when small, cut off when large. */
  function refuse(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const httpError = error instanceof HttpError ? error : new HttpError(500, 'operation.failed', 'The bridge failed to answer.');
    if (!(error instanceof HttpError)) options.onError?.(`${req.method} ${req.url}`, error);
    if (res.headersSent) return void res.destroy();
    if (!req.complete) res.setHeader('Connection', 'close');
    sendError(res, httpError);
    if (req.complete) return;
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared <= MAX_JSON_BYTES) req.resume();
    else res.once('finish', () => req.socket.end());
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => refuse(req, res, error));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const origin = `http://${host}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    port,
    uploadDir,
    exportDir,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!options.keepFiles && !options.tempDir) await rm(runDir, { recursive: true, force: true });
    },
  };
}
