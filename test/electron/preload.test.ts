import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../core/contract/api.ts';
import { MENU_CHANNEL } from '../../electron/api-methods.ts';

// The preload runs against a fake 'electron' module: what it exposes, and how.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    listeners,
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'answer' })),
      on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => listeners.get(channel)?.delete(listener)),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
    webUtils: { getPathForFile: vi.fn((_file: unknown) => '/home/u/dropped.csv') },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer, webUtils: electron.webUtils }));

const SHELL_FUNCTIONS = ['pickFile', 'pickSavePath', 'pickFolder', 'revealPath', 'pathForDroppedFile', 'onMenuCommand'];

let exposed: Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;
const fn = (name: string) => exposed[name] as Fn;

beforeAll(async () => {
  await import('../../electron/preload.ts');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0];
  expect(key).toBe('listprep');
  exposed = api as Record<string, unknown>;
});

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
  electron.ipcRenderer.invoke.mockImplementation(async () => ({ ok: true, value: 'answer' }));
});

describe('window.listprep', () => {
  it('exposes exactly the Api methods, the shell functions and transport', () => {
    expect(Object.keys(exposed).sort()).toEqual([...API_METHODS, ...SHELL_FUNCTIONS, 'transport'].sort());
    expect(exposed.transport).toBe('electron');
    for (const name of [...API_METHODS, ...SHELL_FUNCTIONS]) expect(typeof exposed[name], name).toBe('function');
  });

  it('exposes nothing generic and cannot be changed', () => {
    for (const name of ['invoke', 'send', 'sendSync', 'on', 'once', 'removeListener', 'ipcRenderer', 'require', 'process']) {
      expect(exposed).not.toHaveProperty(name);
    }
    expect(Object.isFrozen(exposed)).toBe(true);
  });

  it.each(API_METHODS)('%s invokes listprep:%s with exactly its input', async (method) => {
    const input = { caseId: 'c1' };
    await expect(fn(method)(input, 'extra', 'args')).resolves.toBe('answer');
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(`listprep:${method}`, input);
  });

  it('turns {ok:false} into a rejection that keeps code and message', async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: false, error: { code: 'case.not_found', message: 'No case c9.' } });
    await expect(fn('getCase')({ caseId: 'c9' })).rejects.toEqual({ name: 'ApiError', code: 'case.not_found', message: 'No case c9.' });
  });

  it('rejects malformed answers and IPC failures as transport.failed', async () => {
    for (const answer of [undefined, null, 'x', { ok: 'yes' }, { ok: false }]) {
      electron.ipcRenderer.invoke.mockResolvedValueOnce(answer);
      await expect(fn('appInfo')({})).rejects.toMatchObject({ code: 'transport.failed' });
    }
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'listprep:appInfo'"));
    await expect(fn('appInfo')({})).rejects.toEqual({ name: 'ApiError', code: 'transport.failed', message: "No handler registered for 'listprep:appInfo'" });
  });

  it('shell functions use their own channels', async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: '/home/u/x.csv' });
    await expect(fn('pickFile')('list')).resolves.toBe('/home/u/x.csv');
    await fn('pickSavePath')('q3');
    await fn('pickFolder')('ignored');
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: null });
    await expect(fn('revealPath')('/home/u/x.csv')).resolves.toBeUndefined();
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['listprep-shell:pickFile', 'list'],
      ['listprep-shell:pickSavePath', 'q3'],
      ['listprep-shell:pickFolder'],
      ['listprep-shell:revealPath', '/home/u/x.csv'],
    ]);
  });

  it('pathForDroppedFile asks webUtils, then has main grant that path before answering it', async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, value: null });
    const file = { name: 'dropped.csv' };
    await expect(fn('pathForDroppedFile')(file)).resolves.toBe('/home/u/dropped.csv');
    expect(electron.webUtils.getPathForFile).toHaveBeenCalledWith(file);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('listprep-shell:grantDroppedFile', '/home/u/dropped.csv');
  });

  it('pathForDroppedFile: a File with no path grants nothing; a refused grant rejects', async () => {
    electron.webUtils.getPathForFile.mockReturnValueOnce('');
    await expect(fn('pathForDroppedFile')({ name: 'made-up.csv' })).resolves.toBe('');
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled();
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: false, error: { code: 'file.unreadable', message: 'not a file' } });
    await expect(fn('pathForDroppedFile')({ name: 'folder' })).rejects.toMatchObject({ code: 'file.unreadable' });
  });

  it('onMenuCommand relays valid commands only, never the IPC event, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = fn('onMenuCommand')(listener) as () => void;
    const relays = [...(electron.listeners.get(MENU_CHANNEL) ?? [])];
    expect(relays).toHaveLength(1);
    const event = { sender: 'secret ipcRenderer', ports: [] };
    relays[0](event, { command: 'open-list' });
    relays[0](event, { command: 'open-path', path: '/home/u/a.csv', extra: 'dropped' });
    relays[0](event, { command: 'rm -rf' });
    relays[0](event, 'open-list');
    relays[0](event, { command: 'open-path', path: 42 });
    expect(listener.mock.calls).toEqual([[{ command: 'open-list' }], [{ command: 'open-path', path: '/home/u/a.csv' }]]);
    unsubscribe();
    expect(electron.listeners.get(MENU_CHANNEL)?.size).toBe(0);
    expect(() => fn('onMenuCommand')('not a function')).toThrow(TypeError);
  });
});
