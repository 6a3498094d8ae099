import path from 'node:path';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { API_METHODS, ApiError, apiContract, type ApiMethod } from '../../core/contract/api.ts';
import { dispatchApiCall, findUnsafeStructure, toErrorShape } from '../../core/api/dispatch.ts';
import { API_METHOD_NAMES, SHELL_CHANNELS, apiChannel } from '../../electron/api-methods.ts';
import {
  PICK_FILE_DIALOGS,
  createShellHandlers,
  handleApiCall,
  registerApiHandlers,
  registerShellHandlers,
  senderUrlOf,
  type IpcMainLike,
  type InvokeEventLike,
  type ShellDeps,
} from '../../electron/ipc.ts';
import { PathGrants } from '../../electron/path-grants.ts';
import { VALID_INPUTS, calledMethods, createFakeApi } from './fake-api.ts';

const APP = 'app://listprep/index.html';

afterEach(() => {
  // Nothing may ever pollute the shared prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('the method list', () => {
  it('is exactly the contract, in order', () => {
    expect([...API_METHOD_NAMES]).toEqual(API_METHODS);
  });
});

describe('handleApiCall: valid calls', () => {
  it.each(API_METHODS)('%s reaches the implementation with the parsed input', async (method) => {
    const api = createFakeApi();
    const result = await handleApiCall(api, method, APP, VALID_INPUTS[method]);
    expect(result.ok).toBe(true);
    expect(calledMethods(api)).toEqual([method]);
    const parsed = apiContract[method].input.parse(VALID_INPUTS[method]);
    expect(api[method]).toHaveBeenCalledWith(parsed);
    expect(result).toEqual({ ok: true, value: { method, input: parsed } });
  });

  it('drops unknown keys before the implementation sees the input', async () => {
    const api = createFakeApi();
    await handleApiCall(api, 'getCase', APP, { caseId: 'c1', extra: 'x' });
    expect(api.getCase).toHaveBeenCalledWith({ caseId: 'c1' });
  });

  it('applies schema defaults (exportFiles)', async () => {
    const api = createFakeApi();
    await handleApiCall(api, 'exportFiles', APP, { caseId: 'c1', dir: '/tmp/out' });
    expect(api.exportFiles.mock.calls[0][0]).toMatchObject({ uploadReady: true, errorReport: true, conflicts: false });
  });
});

describe('handleApiCall: foreign senders', () => {
  const foreign = [
    'https://evil.example/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://listprep:8080/index.html',
    'app://user:pw@listprep/index.html',
    'data:text/html,x',
    'about:blank',
    '',
    null,
    undefined,
  ];
  it.each(foreign)('rejects %s for every method without calling the implementation', async (senderUrl) => {
    const api = createFakeApi();
    for (const method of API_METHODS) {
      const result = await handleApiCall(api, method, senderUrl, VALID_INPUTS[method]);
      expect(result).toEqual({ ok: false, error: { code: 'sender.untrusted', message: expect.any(String) } });
    }
    expect(calledMethods(api)).toEqual([]);
  });
});

const hugeArray = Array.from({ length: 200_000 }, (_, i) => i);
const deep = (() => {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < 5000; i++) value = { a: value };
  return value;
})();
const JUNK: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['{}', {}],
  ['a string', 'openFile'],
  ['an empty string', ''],
  ['a number', 42],
  ['NaN', Number.NaN],
  ['a boolean', true],
  ['an empty array', []],
  ['a huge array', hugeArray],
  ['a huge string', 'x'.repeat(2_000_000)],
  ['__proto__ pollution', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['__proto__ beside valid fields', JSON.parse('{"caseId":"c1","jobId":"j1","path":"/tmp/a.csv","__proto__":{"polluted":true}}')],
  ['nested __proto__', JSON.parse('{"caseId":"c1","fix":{"kind":"code","code":"x","__proto__":{"polluted":true}}}')],
  ['constructor.prototype', JSON.parse('{"caseId":"c1","constructor":{"prototype":{"polluted":true}}}')],
  ['deep nesting', deep],
  ['wrong types', { caseId: 42, jobId: ['x'], path: { p: 1 }, offset: '0', limit: -1 }],
  ['a traversal id', { caseId: '../../etc/passwd', jobId: '../x' }],
  ['a NUL path', { caseId: 'c\u00001', jobId: 'j\u00001', path: '/tmp/a\u0000.csv', dir: '/tmp\u0000' }],
];

describe('handleApiCall: malformed input, for every method', () => {
  it('only appInfo accepts {} (so the {} case below expects exactly that)', () => {
    const accepting = API_METHODS.filter((method) => apiContract[method].input.safeParse({}).success);
    expect(accepting).toEqual(['appInfo']);
  });

  // appInfo takes no field: an object of unknown keys is {} to it, and the keys are dropped.
  const ACCEPTED_BY_APP_INFO = new Set(['{}', 'wrong types', 'a traversal id', 'a NUL path']);

  for (const [label, junk] of JUNK) {
    it(`rejects ${label} as input.invalid and never calls the implementation`, async () => {
      const api = createFakeApi();
      for (const method of API_METHODS) {
        if (method === 'appInfo' && ACCEPTED_BY_APP_INFO.has(label)) {
          expect(await handleApiCall(api, method, APP, junk)).toEqual({ ok: true, value: { method, input: {} } });
          expect(api.appInfo).toHaveBeenCalledWith({});
          api.appInfo.mockClear();
          continue;
        }
        const result = await handleApiCall(api, method, APP, junk);
        expect(result.ok, `${method} accepted ${label}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('input.invalid');
          expect(result.error.message.startsWith(`${method}: `)).toBe(true);
          expect(result.error.message.length).toBeLessThan(2000);
          expect(result.error.message).not.toMatch(/\n\s+at /);
        }
      }
      expect(calledMethods(api)).toEqual([]);
    });
  }

  it('rejects unknown and prototype method names', async () => {
    const api = createFakeApi();
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null]) {
      const result = await handleApiCall(api, method, APP, {});
      expect(result).toEqual({ ok: false, error: { code: 'method.unknown', message: expect.any(String) } });
    }
    expect(calledMethods(api)).toEqual([]);
  });
});

describe('errors from the implementation', () => {
  it('keeps an ApiError code and message, with no stack', async () => {
    const api = createFakeApi();
    api.getCase.mockRejectedValue(new ApiError('case.not_found', 'No case c1.'));
    const result = await handleApiCall(api, 'getCase', APP, { caseId: 'c1' });
    expect(result).toEqual({ ok: false, error: { code: 'case.not_found', message: 'No case c1.' } });
    expect(JSON.stringify(result)).not.toContain('at ');
  });

  it('reduces anything else to operation.failed and tells onError', async () => {
    const api = createFakeApi();
    const boom = new TypeError('Cannot read properties of undefined');
    api.undo.mockRejectedValue(boom);
    const onError = vi.fn();
    const result = await handleApiCall(api, 'undo', APP, { caseId: 'c1' }, { onError });
    expect(result).toEqual({ ok: false, error: { code: 'operation.failed', message: 'Cannot read properties of undefined' } });
    expect(onError).toHaveBeenCalledWith('undo', boom);
    api.redo.mockRejectedValue('a string');
    expect(await handleApiCall(api, 'redo', APP, { caseId: 'c1' })).toEqual({ ok: false, error: { code: 'operation.failed', message: 'The operation failed.' } });
  });

  it('toErrorShape rejects odd codes', () => {
    expect(toErrorShape({ code: 'has spaces and <html>', message: 'm' })).toEqual({ code: 'operation.failed', message: 'm' });
    expect(toErrorShape(null)).toEqual({ code: 'operation.failed', message: 'The operation failed.' });
  });

  it('findUnsafeStructure names the first problem', () => {
    expect(findUnsafeStructure({ a: [{ b: 1 }] })).toBeNull();
    expect(findUnsafeStructure(JSON.parse('{"a":[{"__proto__":{}}]}'))).toBe('input.a.0 has a forbidden key "__proto__"');
  });

  it('dispatchApiCall is what the bridge uses too', async () => {
    const api = createFakeApi();
    expect(await dispatchApiCall(api, 'getJob', { jobId: 'j1' })).toEqual({ ok: true, value: { method: 'getJob', input: { jobId: 'j1' } } });
  });
});

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}
const fromApp: InvokeEventLike = { senderFrame: { url: APP, parent: null } };

describe('registerApiHandlers', () => {
  it('registers listprep:<method> for every method, and unregisters them', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const api = createFakeApi();
    const unregister = registerApiHandlers(ipcMain, api);
    expect([...handlers.keys()]).toEqual(API_METHODS.map((method) => `listprep:${method}`));
    const result = await handlers.get(apiChannel('getCase'))!(fromApp, { caseId: 'c1' }, 'ignored extra argument');
    expect(result).toEqual({ ok: true, value: { method: 'getCase', input: { caseId: 'c1' } } });
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('rejects subframes, vanished frames and foreign frames', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const api = createFakeApi();
    registerApiHandlers(ipcMain, api);
    const events: InvokeEventLike[] = [
      { senderFrame: null },
      { senderFrame: { url: APP, parent: { url: APP } } },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
    ];
    for (const event of events) {
      expect(await handlers.get('listprep:getCase')!(event, { caseId: 'c1' })).toMatchObject({ ok: false, error: { code: 'sender.untrusted' } });
    }
    expect(calledMethods(api)).toEqual([]);
  });

  it('senderUrlOf reads only top-level frames', () => {
    expect(senderUrlOf(fromApp)).toBe(APP);
    expect(senderUrlOf({ senderFrame: null })).toBeNull();
    expect(senderUrlOf({ senderFrame: { url: APP, parent: {} } })).toBeNull();
  });
});

type ShellMocks = {
  showOpenDialog: Mock<ShellDeps['showOpenDialog']>;
  showSaveDialog: Mock<ShellDeps['showSaveDialog']>;
  showItemInFolder: Mock<ShellDeps['showItemInFolder']>;
  addRecentDocument: Mock<ShellDeps['addRecentDocument']>;
  documentsDir: string;
  grants: PathGrants;
};
const openDialog = (result: { canceled: boolean; filePaths: string[] }) => vi.fn<ShellDeps['showOpenDialog']>(async () => result);

function fakeShell(overrides: Partial<ShellMocks> = {}): ShellMocks {
  return {
    showOpenDialog: openDialog({ canceled: false, filePaths: ['/home/u/list.csv'] }),
    showSaveDialog: vi.fn<ShellDeps['showSaveDialog']>(async () => ({ canceled: false, filePath: '/home/u/Documents/q3.listprep' })),
    showItemInFolder: vi.fn<ShellDeps['showItemInFolder']>(),
    addRecentDocument: vi.fn<ShellDeps['addRecentDocument']>(),
    documentsDir: '/home/u/Documents',
    grants: new PathGrants(),
    ...overrides,
  };
}

describe('shell handlers', () => {
  it('pickFile opens the dialog for the purpose and records a recent document', async () => {
    const deps = fakeShell();
    const shell = createShellHandlers(deps);
    expect(await shell.pickFile('list')).toEqual({ ok: true, value: '/home/u/list.csv' });
    expect(deps.showOpenDialog).toHaveBeenCalledWith({ title: PICK_FILE_DIALOGS.list.title, properties: ['openFile'], filters: PICK_FILE_DIALOGS.list.filters });
    expect(deps.addRecentDocument).toHaveBeenCalledWith('/home/u/list.csv');
    expect(deps.grants.isGranted('/home/u/list.csv', 'read')).toBe(true);
    expect(deps.grants.isGranted('/home/u/list.csv', 'case')).toBe(false);
    await shell.pickFile('case');
    expect(deps.grants.isGranted('/home/u/list.csv', 'case')).toBe(true);
    expect(deps.showOpenDialog.mock.calls[1]).toMatchObject([{ filters: [{ extensions: ['listprep'] }, { extensions: ['*'] }] }]);
  });

  it('pickFile: null when cancelled; input.invalid for an unknown purpose', async () => {
    const deps = fakeShell({ showOpenDialog: openDialog({ canceled: true, filePaths: [] }) });
    const shell = createShellHandlers(deps);
    expect(await shell.pickFile('snapshot')).toEqual({ ok: true, value: null });
    for (const purpose of ['passwords', undefined, null, {}, 'LIST']) {
      expect(await shell.pickFile(purpose)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    }
    expect(deps.showOpenDialog).toHaveBeenCalledTimes(1);
    expect(deps.addRecentDocument).not.toHaveBeenCalled();
    expect(deps.grants.isGranted('/home/u/list.csv', 'read')).toBe(false);
  });

  it('pickSavePath suggests a sanitized .listprep name in Documents', async () => {
    const deps = fakeShell();
    const shell = createShellHandlers(deps);
    expect(await shell.pickSavePath('../../Q3 list: v2')).toEqual({ ok: true, value: '/home/u/Documents/q3.listprep' });
    expect(deps.showSaveDialog.mock.calls[0][0].defaultPath).toBe(path.join('/home/u/Documents', 'Q3 list_ v2.listprep'));
    expect(await shell.pickSavePath(42)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    expect(deps.grants.isGranted('/home/u/Documents/q3.listprep', 'save')).toBe(true);
    expect(deps.grants.isGranted('/home/u/Documents/q3.listprep', 'case')).toBe(false);
  });

  it('pickFolder and revealPath', async () => {
    const deps = fakeShell({ showOpenDialog: openDialog({ canceled: false, filePaths: ['/home/u/out'] }) });
    const shell = createShellHandlers(deps);
    expect(await shell.pickFolder()).toEqual({ ok: true, value: '/home/u/out' });
    expect(deps.showOpenDialog.mock.calls[0][0].properties).toEqual(['openDirectory', 'createDirectory']);
    expect(deps.grants.isGranted('/home/u/out', 'export')).toBe(true);
    expect(await shell.revealPath('/home/u/out/upload.csv')).toEqual({ ok: true, value: null });
    expect(deps.showItemInFolder).toHaveBeenCalledWith('/home/u/out/upload.csv');
    // Only files of a granted export folder (or granted files): never an arbitrary path.
    for (const bad of ['relative/path', '', '/a\u0000b', 42, null, '/etc/passwd', '/home/u/out/sub/x.csv', '/home/u/other.csv']) {
      expect(await shell.revealPath(bad)).toMatchObject({ ok: false, error: { code: 'path.not_granted' } });
    }
    expect(deps.showItemInFolder).toHaveBeenCalledTimes(1);
  });

  it('grantDroppedFile grants a real file for reading, and refuses folders and missing files', async () => {
    const deps = fakeShell();
    const shell = createShellHandlers(deps);
    const file = path.join(import.meta.dirname, 'fake-api.ts');
    expect(await shell.grantDroppedFile(file)).toEqual({ ok: true, value: null });
    expect(deps.grants.isGranted(file, 'read')).toBe(true);
    for (const bad of [import.meta.dirname, '/no/such/file.csv', 'fake-api.ts', 42]) {
      expect(await shell.grantDroppedFile(bad)).toMatchObject({ ok: false, error: { code: 'file.unreadable' } });
    }
    expect(deps.grants.isGranted(import.meta.dirname, 'read')).toBe(false);
  });

  it('a failing dialog becomes operation.failed', async () => {
    const shell = createShellHandlers(fakeShell({ showOpenDialog: vi.fn<ShellDeps['showOpenDialog']>(async () => Promise.reject(new Error('no display'))) }));
    expect(await shell.pickFolder()).toEqual({ ok: false, error: { code: 'operation.failed', message: 'no display' } });
  });

  it('registerShellHandlers checks the sender too', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const deps = fakeShell();
    registerShellHandlers(ipcMain, createShellHandlers(deps));
    expect([...handlers.keys()].sort()).toEqual(Object.values(SHELL_CHANNELS).sort());
    expect(await handlers.get(SHELL_CHANNELS.pickFile)!({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'list')).toMatchObject({
      ok: false,
      error: { code: 'sender.untrusted' },
    });
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
    expect(await handlers.get(SHELL_CHANNELS.pickFile)!(fromApp, 'list')).toEqual({ ok: true, value: '/home/u/list.csv' });
  });
});

// Type-level: every method of the list is an ApiMethod.
const typed: readonly ApiMethod[] = API_METHOD_NAMES;
void typed;
