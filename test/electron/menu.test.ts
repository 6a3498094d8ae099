import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS } from '../../electron/api-methods.ts';
import { buildMenuTemplate, filePathsFromArgv } from '../../electron/menu.ts';
import { MAAC_HELP_URL, isSafeExternalUrl } from '../../electron/security.ts';

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}
const byLabel = (menu: MenuItemConstructorOptions[], label: string) => items(menu).find((item) => item.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe.each(['darwin', 'win32', 'linux'] as const)('the menu on %s', (platform) => {
  const send = vi.fn();
  const openExternal = vi.fn();
  const menu = buildMenuTemplate({ platform, appName: 'ListPrep', send, openExternal });
  const isMac = platform === 'darwin';

  it('has the standard top-level menus', () => {
    const tops = menu.map((item) => item.label ?? item.role);
    expect(tops).toEqual([...(isMac ? ['ListPrep'] : []), 'File', 'Edit', 'View', isMac ? 'windowMenu' : 'Window', 'help']);
  });

  it.each([
    ['Open List…', 'open-list', 'CmdOrCtrl+O'],
    ['Open Case…', 'open-case', 'CmdOrCtrl+Shift+O'],
    ['Save Case As…', 'save-case-as', 'CmdOrCtrl+S'],
    ['Export…', 'export', 'CmdOrCtrl+E'],
    ['Close Case', 'close-case', undefined],
    ['Undo', 'undo', 'CmdOrCtrl+Z'],
  ])('%s sends %s (%s)', (label, command, accelerator) => {
    const item = byLabel(menu, label);
    expect(item?.accelerator).toBe(accelerator);
    send.mockClear();
    click(item);
    expect(send).toHaveBeenCalledExactlyOnceWith(command);
    expect(MENU_COMMANDS).toContain(command);
  });

  it('Redo uses the platform shortcut', () => {
    expect(byLabel(menu, 'Redo')?.accelerator).toBe(isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y');
  });

  it('uses roles for the standard items', () => {
    const roles = items(menu).map((item) => item.role).filter(Boolean);
    for (const role of ['cut', 'copy', 'paste', 'selectAll', 'reload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'help']) {
      expect(roles).toContain(role);
    }
    if (isMac) for (const role of ['about', 'hide', 'quit', 'close', 'recentDocuments', 'windowMenu']) expect(roles).toContain(role);
    else for (const role of ['quit', 'minimize', 'close']) expect(roles).toContain(role);
  });

  it('Help opens a vetted external link', () => {
    click(byLabel(menu, 'MAAC Import Help (online)'));
    expect(openExternal).toHaveBeenCalledWith(MAAC_HELP_URL);
    expect(isSafeExternalUrl(MAAC_HELP_URL)).toBe(true);
  });
});

describe('filePathsFromArgv', () => {
  it('takes list and case files, not flags, the executable or the app folder', () => {
    expect(filePathsFromArgv(['/opt/ListPrep/listprep', '--no-sandbox', '/home/u/a.csv', '/home/u/b.listprep', '/home/u/c.exe'], true)).toEqual([
      '/home/u/a.csv',
      '/home/u/b.listprep',
    ]);
    expect(filePathsFromArgv(['electron', '.', 'C:\\lists\\A.TXT'], false)).toEqual(['C:\\lists\\A.TXT']);
    expect(filePathsFromArgv(['electron', 'x.csv'], false)).toEqual([]);
  });
});
