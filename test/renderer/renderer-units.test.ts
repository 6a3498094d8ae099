import { describe, expect, it, vi } from 'vitest';
import type { ListPrepBridge } from '../../core/contract/transport.ts';
import { pickBridge } from '../../renderer/api/pick-bridge.ts';
import { canOpenDropped, DropNotSupportedError, pathForDroppedFile } from '../../renderer/api/open-dropped.ts';
import { isCaseFile, subscribeMenuCommands } from '../../renderer/api/menu-commands.ts';
import { toShownError } from '../../renderer/api/errors.ts';
import { readExportResult } from '../../renderer/lib/export-result.ts';
import { historyShortcut, isTypingTarget } from '../../renderer/lib/keyboard.ts';
import { RowPages } from '../../renderer/state/row-pages.ts';
import { initialLang } from '../../renderer/i18n/index.ts';
import { en } from '../../renderer/i18n/en.ts';
import { zhTW } from '../../renderer/i18n/zh-TW.ts';
import { createFakeApi, createHttpBridgePlaceholder } from '../helpers/fake-api.ts';
import { createHttpBridge } from '../../web/client.ts';
import type { RowView } from '../../core/contract/api.ts';

const file = (name: string) => ({ name }) as File;

describe('pickBridge', () => {
  it('uses the Electron preload when window.listprep exists', () => {
    const electron = createFakeApi({ transport: 'electron' });
    const create = vi.fn();
    expect(pickBridge({ listprep: electron, location: { origin: 'app://listprep', search: '' } }, create)).toBe(electron);
    expect(create).not.toHaveBeenCalled();
  });

  it('otherwise builds the HTTP bridge from the page origin and its token', () => {
    const bridge = pickBridge({ location: { origin: 'http://127.0.0.1:51234', search: '?token=abc123&x=1' } }, createHttpBridgePlaceholder) as ReturnType<typeof createHttpBridgePlaceholder>;
    expect(bridge.baseUrl).toBe('http://127.0.0.1:51234');
    expect(bridge.token).toBe('abc123');
    expect(bridge.transport).toBe('web');
  });

  it('works with the real browser client, which takes dropped files by upload', () => {
    const bridge = pickBridge({ location: { origin: 'http://127.0.0.1:1', search: '?token=t' } }, createHttpBridge);
    expect(bridge.transport).toBe('web');
    expect(canOpenDropped(bridge)).toBe(true);
    expect(typeof (bridge as unknown as { uploadFile: unknown }).uploadFile).toBe('function');
  });
});

describe('pathForDroppedFile', () => {
  const base = createFakeApi();
  it('asks Electron for the real path first', async () => {
    const upload = vi.fn();
    const bridge = { ...base, pathForDroppedFile: () => '/Users/amy/list.csv', uploadFile: upload } as unknown as ListPrepBridge;
    expect(await pathForDroppedFile(bridge, file('list.csv'), 'list')).toBe('/Users/amy/list.csv');
    expect(upload).not.toHaveBeenCalled();
  });

  it('uploads through the browser bridge when there is no path', async () => {
    const bridge = { ...base, pathForDroppedFile: () => '', uploadFile: async (f: File, purpose: string) => `/uploads/${purpose}/${f.name}` } as unknown as ListPrepBridge;
    expect(await pathForDroppedFile(bridge, file('list.csv'), 'snapshot')).toBe('/uploads/snapshot/list.csv');
  });

  it('says so when the transport cannot take dropped files', async () => {
    const { uploadFile: _ignored, ...plain } = base;
    void _ignored;
    const bridge = plain as unknown as ListPrepBridge;
    expect(canOpenDropped(bridge)).toBe(false);
    await expect(pathForDroppedFile(bridge, file('x.csv'), 'list')).rejects.toBeInstanceOf(DropNotSupportedError);
    expect(canOpenDropped(base)).toBe(true);
  });
});

describe('menu commands', () => {
  it('subscribes through the preload and is a no-op elsewhere', () => {
    const unsubscribe = vi.fn();
    const onMenuCommand = vi.fn(() => unsubscribe);
    const listener = vi.fn();
    const off = subscribeMenuCommands({ ...createFakeApi(), onMenuCommand } as unknown as ListPrepBridge, listener);
    expect(onMenuCommand).toHaveBeenCalledWith(listener);
    off();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(() => subscribeMenuCommands(createFakeApi(), listener)()).not.toThrow();
    expect(isCaseFile('/a/b/spring.LISTPREP')).toBe(true);
    expect(isCaseFile('/a/b/spring.csv')).toBe(false);
  });
});

describe('small helpers', () => {
  it('shows an Api rejection with its code, also when it arrives as a plain object', () => {
    expect(toShownError({ name: 'ApiError', code: 'case.busy', message: 'Wait.' })).toEqual({ code: 'case.busy', message: 'Wait.' });
    expect(toShownError(new Error('boom'))).toEqual({ code: 'operation.failed', message: 'boom' });
    expect(toShownError('odd')).toEqual({ code: 'operation.failed', message: 'odd' });
  });

  it('reads an export result and rejects anything else', () => {
    expect(readExportResult({ files: [{ kind: 'upload-ready', path: '/x/a.csv', rows: 3 }] })).toEqual({ files: [{ kind: 'upload-ready', path: '/x/a.csv', rows: 3 }] });
    expect(readExportResult({ files: [{ kind: 'upload-ready', path: '/x/a.csv', rows: '3' }] })).toBeNull();
    expect(readExportResult(undefined)).toBeNull();
  });

  it('maps undo/redo shortcuts on Windows and macOS', () => {
    const k = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(historyShortcut(k('z', { ctrlKey: true }))).toBe('undo');
    expect(historyShortcut(k('z', { metaKey: true }))).toBe('undo');
    expect(historyShortcut(k('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(historyShortcut(k('y', { ctrlKey: true }))).toBe('redo');
    expect(historyShortcut(k('z'))).toBeNull();
    expect(historyShortcut(k('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text', isContentEditable: false } as unknown as EventTarget)).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox', isContentEditable: false } as unknown as EventTarget)).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: false } as unknown as EventTarget)).toBe(false);
  });

  it('starts in the saved language, else Chinese for any zh system language', () => {
    expect(initialLang('zh-TW', 'en-US')).toBe('zh-TW');
    expect(initialLang('en', 'zh-TW')).toBe('en');
    expect(initialLang(null, 'zh-HK')).toBe('zh-TW');
    expect(initialLang('fr', 'en-GB')).toBe('en');
  });
});

describe('UI strings', () => {
  /** Keys without plural suffixes: zh-TW needs only `_other`, English `_one` and `_other`. */
  function keys(messages: object, prefix = ''): Set<string> {
    const out = new Set<string>();
    for (const [k, v] of Object.entries(messages)) {
      const key = `${prefix}${k.replace(/_(one|other)$/, '')}`;
      if (typeof v === 'string') out.add(key);
      else for (const nested of keys(v, `${key}.`)) out.add(nested);
    }
    return out;
  }

  it('every English string has a Traditional Chinese one and the other way round', () => {
    expect([...keys(zhTW)].sort()).toEqual([...keys(en)].sort());
  });

  it('zh-TW plurals use _other, as i18next resolves them for Chinese', () => {
    const json = JSON.stringify(zhTW);
    expect(json).not.toMatch(/_one"/);
  });
});

describe('RowPages', () => {
  const row = (n: number): RowView => ({ row: n + 2, cells: [String(n)], outcome: 'create', issues: [] });
  function source(total: number) {
    const calls: Array<[number, number]> = [];
    let base = 0;
    const fetchPage = async (offset: number, limit: number) => {
      calls.push([offset, limit]);
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => {
        const r = row(offset + i);
        return { ...r, cells: [String(offset + i + base)] };
      });
      return { total, rows };
    };
    return { calls, fetchPage, bump: () => (base += 1000) };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('fetches the pages of the visible range once, in pages of 100', async () => {
    const s = source(1000);
    const pages = new RowPages(s.fetchPage, () => undefined);
    pages.ensure(0, 99);
    await flush();
    expect(pages.total).toBe(1000);
    pages.ensure(150, 260);
    pages.ensure(150, 260);
    await flush();
    expect(s.calls).toEqual([[0, 100], [100, 100], [200, 100]]);
    expect(pages.rowAt(255)?.cells).toEqual(['255']);
    expect(pages.rowAt(950)).toBeUndefined();
  });

  it('keeps only a bounded number of pages, dropping the farthest', async () => {
    const s = source(10_000);
    const pages = new RowPages(s.fetchPage, () => undefined, 100, 3);
    for (const start of [0, 100, 200, 300, 900]) {
      pages.ensure(start, start + 99);
      await flush();
    }
    expect(pages.pageCount).toBe(3);
    expect(pages.rowAt(950)).toBeDefined();
    expect(pages.rowAt(50)).toBeUndefined();
  });

  it('after invalidate, shows the old rows until the fresh page arrives, then the new ones', async () => {
    const s = source(300);
    const pages = new RowPages(s.fetchPage, () => undefined);
    pages.ensure(0, 50);
    await flush();
    s.bump();
    pages.invalidate();
    expect(pages.rowAt(5)?.cells).toEqual(['5']);
    await flush();
    expect(pages.rowAt(5)?.cells).toEqual(['1005']);
    expect(s.calls).toEqual([[0, 100], [0, 100]]);
  });
});

describe('phaseText: a job waiting for a free slot (issue #16)', () => {
  it('says its place in line in both languages; other phases are unchanged', async () => {
    const { phaseText } = await import('../../renderer/lib/core-text.ts');
    const { createI18n } = await import('../../renderer/i18n/index.ts');
    const { waitingPhase } = await import('../../core/jobs/job-manager.ts');
    const english = createI18n('en');
    const chinese = createI18n('zh-TW');
    expect(phaseText(waitingPhase(3), 'en', english.t)).toBe('Waiting for other tasks to finish (number 3 in line)…');
    expect(phaseText(waitingPhase(1200), 'zh-TW', chinese.t)).toBe('等待其他工作完成（排在第 1,200 位）…');
    expect(phaseText('Starting…', 'en', english.t)).toBe('Starting…');
  });
});
