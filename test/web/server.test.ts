import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS, ApiError } from '../../core/contract/api.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/security.ts';
import { TOKEN_HEADER, startBridge, type BridgeHandle } from '../../web/server.ts';
import { calledMethods, createFakeApi, type FakeApi } from '../electron/fake-api.ts';
import { insideBridge } from './bridge-inputs.ts';

interface BridgeReply {
  ok: boolean;
  value?: unknown;
  error: { code: string; message: string };
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The bridge's JSON envelope: `value` on success, `error` on refusal. */
  json: () => BridgeReply;
}

/** A raw HTTP request: unlike fetch, it lets a test forge Host and Origin. */
function request(
  bridge: BridgeHandle,
  options: { method?: string; path: string; headers?: Record<string, string | undefined>; body?: string | Buffer; host?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${bridge.port}` };
    for (const [key, value] of Object.entries(options.headers ?? {})) if (value !== undefined) headers[key] = value;
    const req = http.request({ host: '127.0.0.1', port: bridge.port, method: options.method ?? 'GET', path: options.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (bridge: BridgeHandle, method: string, body: unknown, extra: Record<string, string | undefined> = {}) =>
  request(bridge, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token, ...extra },
    body: body === undefined ? '' : JSON.stringify(body),
  });

let staticDir: string;
let api: FakeApi;
let bridge: BridgeHandle;

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'listprep-static-'));
  mkdirSync(path.join(staticDir, 'assets'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ListPrep</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'export {}');
  api = createFakeApi();
  bridge = await startBridge({ api, staticDir, host: '127.0.0.1', maxUploadBytes: 1024 });
});
afterAll(async () => {
  await bridge.close();
  rmSync(staticDir, { recursive: true, force: true });
});
beforeEach(() => {
  for (const method of API_METHODS) api[method].mockClear();
});

describe('Api paths stay inside the upload, export and data folders', () => {
  const outsideFile = () => {
    const file = path.join(path.dirname(bridge.uploadDir), 'outside.csv');
    writeFileSync(file, 'secret\n');
    return file;
  };

  it('accepts an upload, a file in the export folder, the export folder and a new subfolder of it (the core gets the real path)', async () => {
    const uploaded = (await request(bridge, { method: 'POST', path: '/upload?name=list.csv', headers: { [TOKEN_HEADER]: bridge.token }, body: 'x' })).json().value as string;
    expect((await json(bridge, 'openFile', { path: uploaded })).status).toBe(200);
    expect(api.openFile).toHaveBeenLastCalledWith({ path: realpathSync(uploaded) });
    expect((await json(bridge, 'exportFiles', { caseId: 'c1', dir: path.join(bridge.exportDir, 'run 2') })).status).toBe(200);
    expect((await json(bridge, 'saveCaseAs', { caseId: 'c1', path: path.join(bridge.exportDir, 'q3.listprep') })).status).toBe(200);
  });

  it.each([
    ['openFile', (p: string) => ({ path: p })],
    ['openCase', (p: string) => ({ path: p })],
    ['loadSnapshot', (p: string) => ({ caseId: 'c1', path: p })],
    ['loadDefinitions', (p: string) => ({ caseId: 'c1', path: p })],
    ['saveCaseAs', (p: string) => ({ caseId: 'c1', path: p })],
    ['exportFiles', (p: string) => ({ caseId: 'c1', dir: p })],
  ] as const)('%s: outside, `..`, relative and a link pointing out are path.outside (422) and never reach the Api', async (method, input) => {
    const outside = outsideFile();
    const linkDir = path.join(bridge.exportDir, `link-${method}`);
    if (!existsSync(linkDir)) symlinkSync(path.dirname(bridge.uploadDir), linkDir);
    mkdirSync(path.join(bridge.uploadDir, 'links'), { recursive: true });
    const linkFile = path.join(bridge.uploadDir, 'links', `link-${method}.csv`);
    if (!existsSync(linkFile)) symlinkSync(outside, linkFile);
    const attempts = [
      outside,
      '/etc/passwd',
      path.join(bridge.exportDir, '..', 'outside.csv'),
      `${bridge.uploadDir}/../uploads/x.csv`,
      'outside.csv',
      './exports',
      path.join(linkDir, 'outside.csv'),
      linkFile,
    ];
    if (method === 'exportFiles') attempts.push(linkDir);
    for (const attempt of attempts) {
      const reply = await json(bridge, method, input(attempt));
      expect(reply.status, attempt).toBe(422);
      expect(reply.json(), attempt).toMatchObject({ ok: false, error: { code: 'path.outside' } });
    }
    expect(calledMethods(api)).toEqual([]);
    const relative = (await json(bridge, method, input('outside.csv'))).json();
    expect(relative.error.message).toContain('it is a relative path');
    const dots = (await json(bridge, method, input(`${bridge.uploadDir}/../uploads/x.csv`))).json();
    expect(dots.error.message).toContain('it contains ".."');
    const link = (await json(bridge, method, input(linkFile))).json();
    expect(link.error.message).toContain(`it leads to "${realpathSync(outside)}"`);
  });

  it('writing is confined to the export folder: a case cannot be saved into the uploads, nor exported there', async () => {
    expect((await json(bridge, 'saveCaseAs', { caseId: 'c1', path: path.join(bridge.uploadDir, 'x.listprep') })).json()).toMatchObject({ error: { code: 'path.outside' } });
    expect((await json(bridge, 'exportFiles', { caseId: 'c1', dir: bridge.uploadDir })).json()).toMatchObject({ error: { code: 'path.outside' } });
    expect(calledMethods(api)).toEqual([]);
  });
});

describe('listening', () => {
  it('binds 127.0.0.1 only and prints a tokenized URL', () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses any other host', async () => {
    await expect(startBridge({ api, staticDir, host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('cannot be reached on another interface', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((nic) => nic && nic.family === 'IPv4' && !nic.internal);
    if (!external) return; // no other interface on this machine
    await expect(
      new Promise((resolve, reject) => {
        const req = http.request({ host: external.address, port: bridge.port, path: '/', timeout: 2000 }, resolve);
        req.on('error', reject);
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.end();
      }),
    ).rejects.toThrow();
  });

  it('uses a new token each run', async () => {
    const other = await startBridge({ api, staticDir });
    expect(other.token).not.toBe(bridge.token);
    expect(other.port).not.toBe(bridge.port);
    await other.close();
  });
});

describe('static files', () => {
  it('serves the renderer without a token, with the CSP', async () => {
    const index = await request(bridge, { path: `/?token=${bridge.token}` });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await request(bridge, { path: '/assets/app.js' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('export {}');
  });

  it.each(['/../../etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/..\\..\\etc\\passwd', '/.env', '/missing.js'])(
    'answers 404 for %s',
    async (target) => {
      const reply = await request(bridge, { path: target });
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('root:');
    },
  );
});

describe('Host and Origin', () => {
  it.each(['evil.com', `evil.com:${0}`, '127.0.0.1', '127.0.0.1:1', 'localhost', '[::1]:80', ''])('refuses Host %j with 403', async (host) => {
    const reply = await request(bridge, { path: '/', host: host.replace(':0', `:${bridge.port}`) || ' ' });
    expect(reply.status).toBe(403);
  });

  it('accepts Host localhost:N', async () => {
    expect((await request(bridge, { path: '/', host: `localhost:${bridge.port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the token, and never calls the Api', async () => {
    for (const origin of ['http://evil.com', `http://127.0.0.1:${bridge.port + 1}`, 'null', `https://127.0.0.1:${bridge.port}`, 'app://listprep']) {
      const reply = await json(bridge, 'appInfo', {}, { origin });
      expect(reply.status, origin).toBe(403);
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'request.forbidden' } });
    }
    expect(calledMethods(api)).toEqual([]);
  });

  it('accepts its own origin, either spelling', async () => {
    expect((await json(bridge, 'appInfo', {}, { origin: bridge.origin })).status).toBe(200);
    expect((await json(bridge, 'appInfo', {}, { origin: `http://localhost:${bridge.port}` })).status).toBe(200);
  });
});

describe('POST /api/<method>', () => {
  it('requires the token', async () => {
    for (const token of [undefined, '', 'wrong', bridge.token.slice(1), `${bridge.token}x`]) {
      const reply = await json(bridge, 'appInfo', {}, { [TOKEN_HEADER]: token });
      expect(reply.status).toBe(403);
    }
    const viaQuery = await request(bridge, { method: 'POST', path: `/api/appInfo?token=${bridge.token}`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(viaQuery.status).toBe(403);
    expect(calledMethods(api)).toEqual([]);
  });

  it.each(API_METHODS)('%s: a valid input reaches the Api', async (method) => {
    const reply = await json(bridge, method, insideBridge(method, bridge));
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ ok: true, value: { method } });
    expect(calledMethods(api)).toEqual([method]);
  });

  it.each(API_METHODS)('%s: junk is input.invalid and never reaches the Api', async (method) => {
    const junk: unknown[] = [null, 'x', 42, [], JSON.parse('{"__proto__":{"polluted":true}}')];
    // appInfo takes no field, so an object of wrong fields is {} to it.
    if (method !== 'appInfo') junk.push({ caseId: 7, jobId: 7 });
    for (const input of junk) {
      const reply = await json(bridge, method, input);
      expect(reply.status).toBe(400);
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    }
    const empty = await json(bridge, method, undefined);
    expect(empty.status).toBe(400);
    expect(calledMethods(api)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses bad JSON, other content types, other verbs and unknown methods', async () => {
    const bad = await request(bridge, { method: 'POST', path: '/api/appInfo', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token }, body: '{nope' });
    expect(bad.status).toBe(400);
    const form = await request(bridge, { method: 'POST', path: '/api/appInfo', headers: { 'content-type': 'text/plain', [TOKEN_HEADER]: bridge.token }, body: '{}' });
    expect(form.status).toBe(415);
    const get = await request(bridge, { path: '/api/appInfo', headers: { [TOKEN_HEADER]: bridge.token } });
    expect(get.status).toBe(405);
    for (const method of ['nope', '__proto__', 'constructor', 'toString']) {
      const reply = await json(bridge, method, {});
      expect(reply.status).toBe(404);
      expect(reply.json()).toMatchObject({ ok: false, error: { code: 'method.unknown' } });
    }
    expect(calledMethods(api)).toEqual([]);
  });

  it('refuses a JSON body over 8 MB with 413', async () => {
    const reply = await json(bridge, 'getCase', { caseId: 'c1', pad: 'x'.repeat(9 * 1024 * 1024) }).catch((error: NodeJS.ErrnoException) => ({ status: error.code }));
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(reply.status);
    expect(calledMethods(api)).toEqual([]);
  });

  it('passes the Api error code, never a stack', async () => {
    api.getCase.mockRejectedValueOnce(new ApiError('case.not_found', 'No case c1.'));
    const reply = await json(bridge, 'getCase', { caseId: 'c1' });
    expect(reply.status).toBe(422);
    expect(reply.json()).toEqual({ ok: false, error: { code: 'case.not_found', message: 'No case c1.' } });
    api.getCase.mockRejectedValueOnce(new Error('disk I/O error'));
    const crash = await json(bridge, 'getCase', { caseId: 'c1' });
    expect(crash.json()).toEqual({ ok: false, error: { code: 'operation.failed', message: 'disk I/O error' } });
    expect(crash.body).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('POST /upload', () => {
  const upload = (name: string, body: string | Buffer, token: string | null = bridge.token) =>
    request(bridge, { method: 'POST', path: `/upload?name=${encodeURIComponent(name)}`, headers: { 'content-type': 'application/octet-stream', [TOKEN_HEADER]: token ?? undefined }, body });

  it('stores the body in this run’s upload folder and answers its path', async () => {
    const reply = await upload('聯絡人 list.csv', 'phone\n0912345678\n');
    expect(reply.status).toBe(200);
    const stored = reply.json().value as string;
    expect(path.dirname(path.dirname(stored))).toBe(bridge.uploadDir);
    expect(path.basename(stored)).toBe('聯絡人 list.csv');
    expect(readFileSync(stored, 'utf8')).toBe('phone\n0912345678\n');
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\win.ini', 'win.ini'],
    ['a<b>:c"d|e?f*.csv', 'a_b__c_d_e_f_.csv'],
    ['  ..hidden.csv. ', 'hidden.csv'],
    ['CON.csv', '_CON.csv'],
    ['line\nbreak\u0000.csv', 'linebreak.csv'],
    ['', 'upload'],
    ['..', 'upload'],
  ])('sanitizes the name %j to %j', async (name, expected) => {
    const reply = await upload(name, 'x');
    const stored = reply.json().value as string;
    expect(path.basename(stored)).toBe(expected);
    expect(stored.startsWith(bridge.uploadDir + path.sep)).toBe(true);
  });

  it('enforces the size limit and leaves nothing behind', async () => {
    const before = readdirSync(bridge.uploadDir).flatMap((dir) => readdirSync(path.join(bridge.uploadDir, dir)));
    const reply = await upload('big.csv', Buffer.alloc(4096, 'a'));
    expect(reply.status).toBe(413);
    expect(reply.json()).toMatchObject({ ok: false, error: { code: 'upload.too_large' } });
    const after = readdirSync(bridge.uploadDir).flatMap((dir) => readdirSync(path.join(bridge.uploadDir, dir)));
    expect(after).toEqual(before);
  });

  it('enforces the limit on a chunked body too (no Content-Length)', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: bridge.port, method: 'POST', path: '/upload?name=chunked.csv', headers: { host: `127.0.0.1:${bridge.port}`, [TOKEN_HEADER]: bridge.token, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve(413) : reject(error)));
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(512, 'b'));
      req.end();
    });
    expect(reply).toBe(413);
  });

  it('requires the token', async () => {
    expect((await upload('x.csv', 'x', null)).status).toBe(403);
    expect((await upload('x.csv', 'x', 'wrong')).status).toBe(403);
  });
});

describe('export folder and downloads', () => {
  const shell = (which: string, body: unknown) =>
    request(bridge, { method: 'POST', path: `/shell/${which}`, headers: { 'content-type': 'application/json', [TOKEN_HEADER]: bridge.token }, body: JSON.stringify(body) });
  const download = (target: string, token: string | null = bridge.token, asQuery = false) =>
    request(bridge, {
      path: `/download?path=${encodeURIComponent(target)}${asQuery && token ? `&token=${token}` : ''}`,
      headers: asQuery ? {} : { [TOKEN_HEADER]: token ?? undefined },
    });

  it('pickFolder answers the per-run export folder; pickSavePath a case path inside it', async () => {
    expect((await shell('pickFolder', {})).json()).toEqual({ ok: true, value: bridge.exportDir });
    expect((await shell('pickSavePath', { suggestedName: '../Q3: list' })).json()).toEqual({ ok: true, value: path.join(bridge.exportDir, 'Q3_ list.listprep') });
    expect((await shell('pickSavePath', { suggestedName: 7 })).status).toBe(400);
  });

  it('serves files of the export folder, token in header or query', async () => {
    const file = path.join(bridge.exportDir, '上傳 upload-ready.csv');
    writeFileSync(file, 'email\na@b.co\n');
    const reply = await download(file);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('email\na@b.co\n');
    expect(reply.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('上傳 upload-ready.csv')}`);
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await download(file, bridge.token, true)).status).toBe(200);
    expect((await download('上傳 upload-ready.csv')).status).toBe(200);
  });

  it('refuses anything outside the export folder', async () => {
    const uploaded = (await request(bridge, { method: 'POST', path: '/upload?name=in-uploads.csv', headers: { [TOKEN_HEADER]: bridge.token }, body: 'x' })).json().value as string;
    const outside = path.join(path.dirname(bridge.exportDir), 'secret.txt');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, path.join(bridge.exportDir, 'link.txt'));
    mkdirSync(path.join(bridge.exportDir, 'sub'), { recursive: true });
    for (const target of [uploaded, outside, '/etc/passwd', '../secret.txt', path.join(bridge.exportDir, '..', 'secret.txt'), path.join(bridge.exportDir, 'link.txt'), 'sub/../../secret.txt']) {
      const reply = await download(target);
      expect([403, 404], target).toContain(reply.status);
      expect(reply.body).not.toContain('secret"');
      expect(reply.body).not.toBe('secret');
    }
    expect((await download('sub')).status).toBe(404);
    expect((await download('')).status).toBe(400);
  });

  it('requires the token', async () => {
    const file = path.join(bridge.exportDir, 'a.csv');
    writeFileSync(file, 'a');
    expect((await download(file, null)).status).toBe(403);
    expect((await download(file, 'wrong', true)).status).toBe(403);
  });
});

describe('close', () => {
  it('stops listening and removes its temp folder', async () => {
    const other = await startBridge({ api, staticDir });
    const runDir = path.dirname(other.exportDir);
    expect(existsSync(runDir)).toBe(true);
    await other.close();
    expect(existsSync(runDir)).toBe(false);
    await expect(fetch(`${other.origin}/`)).rejects.toThrow();
  });
});
