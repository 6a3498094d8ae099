import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, ApiError } from '../../core/contract/api.ts';
import { ACCEPT_BY_PURPOSE, BridgeCallError, TOKEN_HEADER, createHttpBridge, type HttpBridge } from '../../web/client.ts';
import { TOKEN_HEADER as SERVER_TOKEN_HEADER, startBridge, type BridgeHandle } from '../../web/server.ts';
import { createFakeApi, type FakeApi } from '../electron/fake-api.ts';
import { insideBridge } from './bridge-inputs.ts';

let staticDir: string;
let api: FakeApi;
let server: BridgeHandle;
let bridge: HttpBridge;

beforeAll(async () => {
  staticDir = mkdtempSync(path.join(os.tmpdir(), 'listprep-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
  api = createFakeApi();
  server = await startBridge({ api, staticDir });
  bridge = createHttpBridge(`${server.origin}/`, server.token);
});
afterAll(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('createHttpBridge', () => {
  it('has the Api methods, the shell functions, the web extras and transport "web"', () => {
    expect(Object.keys(bridge).sort()).toEqual([...API_METHODS, 'pickFile', 'pickSavePath', 'pickFolder', 'revealPath', 'uploadFile', 'downloadUrl', 'transport'].sort());
    expect(bridge.transport).toBe('web');
    expect(TOKEN_HEADER).toBe(SERVER_TOKEN_HEADER);
  });

  it.each(API_METHODS)('%s round-trips through the server', async (method) => {
    const call = bridge[method] as (input: unknown) => Promise<unknown>;
    await expect(call(insideBridge(method, server))).resolves.toMatchObject({ method });
  });

  it('throws the Api error with its code', async () => {
    api.getCase.mockRejectedValueOnce(new ApiError('case.not_found', 'No case c1.'));
    const error = await bridge.getCase({ caseId: 'c1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeCallError);
    expect(error).toMatchObject({ name: 'ApiError', code: 'case.not_found', message: 'No case c1.' });
    await expect(bridge.getCase({ caseId: '../x' })).rejects.toMatchObject({ code: 'input.invalid' });
  });

  it('a wrong token is refused', async () => {
    const stranger = createHttpBridge(server.origin, 'not-the-token');
    await expect(stranger.appInfo({})).rejects.toMatchObject({ code: 'request.forbidden' });
  });

  it('an unreachable server is transport.failed', async () => {
    const gone = createHttpBridge('http://127.0.0.1:1', 't');
    await expect(gone.appInfo({})).rejects.toMatchObject({ code: 'transport.failed' });
    const notJson = createHttpBridge('http://x', 't', { fetch: async () => new Response('<html>', { status: 502 }) });
    await expect(notJson.appInfo({})).rejects.toMatchObject({ code: 'transport.failed', message: expect.stringContaining('502') });
  });

  it('uploads a file and answers the server copy’s path', async () => {
    const stored = await bridge.uploadFile(new File(['phone\n0912\n'], '名單.csv'), 'list');
    expect(stored.startsWith(server.uploadDir)).toBe(true);
    expect(path.basename(stored)).toBe('名單.csv');
    expect(readFileSync(stored, 'utf8')).toBe('phone\n0912\n');
  });

  it('pickFolder, pickSavePath and downloadUrl work with the export folder', async () => {
    const folder = await bridge.pickFolder();
    expect(folder).toBe(server.exportDir);
    expect(await bridge.pickSavePath('Q3')).toBe(path.join(server.exportDir, 'Q3.listprep'));
    writeFileSync(path.join(server.exportDir, 'out.csv'), 'ok');
    const response = await fetch(bridge.downloadUrl(path.join(server.exportDir, 'out.csv')));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    await expect(bridge.revealPath('/anything')).resolves.toBeUndefined();
  });

  it('pickFile shows a file input for the purpose, then uploads the choice', async () => {
    const doc = fakeDocument(new File(['x'], 'picked.csv'));
    const withDoc = createHttpBridge(server.origin, server.token, { document: doc.document });
    const stored = await withDoc.pickFile('snapshot');
    expect(path.basename(stored ?? '')).toBe('picked.csv');
    expect(doc.input.accept).toBe(ACCEPT_BY_PURPOSE.snapshot);
    expect(doc.input.removed).toBe(true);
  });

  it('pickFile resolves null when the chooser is cancelled', async () => {
    const doc = fakeDocument(null);
    const withDoc = createHttpBridge(server.origin, server.token, { document: doc.document });
    await expect(withDoc.pickFile('case')).resolves.toBeNull();
    expect(doc.input.accept).toBe('.listprep');
  });

  it('sends the token as a header, not in the URL', async () => {
    const fetchSpy = vi.fn(async () => Response.json({ ok: true, value: 1 }));
    await createHttpBridge('http://h', 'tok', { fetch: fetchSpy as unknown as typeof fetch }).getJob({ jobId: 'j' });
    const [url, init] = fetchSpy.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://h/api/getJob');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ [TOKEN_HEADER]: 'tok', 'Content-Type': 'application/json' });
    expect(init.body).toBe('{"jobId":"j"}');
  });
});

/** Just enough of a Document for pickFile: an input that "chooses" `file` (or is cancelled). */
function fakeDocument(file: File | null) {
  const listeners = new Map<string, () => void>();
  const input = {
    type: '',
    accept: '',
    style: { display: '' },
    files: file ? [file] : [],
    removed: false,
    addEventListener: (event: string, listener: () => void) => listeners.set(event, listener),
    remove() {
      this.removed = true;
    },
    click: () => queueMicrotask(() => listeners.get(file ? 'change' : 'cancel')?.()),
  };
  const document = { createElement: () => input, body: { append: () => undefined } } as unknown as Document;
  return { document, input };
}
