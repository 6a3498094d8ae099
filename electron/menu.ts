/**
 * The application menu as a pure template: the platform's standard roles and shortcuts, and
 * ListPrep's own items, which only send a command to the renderer (the renderer owns the flow:
 * pick a file, open it, report errors). Undo/Redo also go to the renderer, which undoes text in a
 * focused field (document.execCommand) or the last fix of the case (api.undo).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommandName } from './api-methods.ts';
import { MAAC_HELP_URL } from './security.ts';

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  send(command: MenuCommandName): void;
  openExternal(url: string): void;
}

export function buildMenuTemplate({ platform, appName, send, openExternal }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const command = (label: string, name: MenuCommandName, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => send(name),
  });

  const appMenu: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('Open List…', 'open-list', 'CmdOrCtrl+O'),
      command('Open Case…', 'open-case', 'CmdOrCtrl+Shift+O'),
      ...(isMac ? [{ role: 'recentDocuments', submenu: [{ role: 'clearRecentDocuments' }] } as MenuItemConstructorOptions] : []),
      { type: 'separator' },
      command('Save Case As…', 'save-case-as', 'CmdOrCtrl+S'),
      command('Export…', 'export', 'CmdOrCtrl+E'),
      { type: 'separator' },
      command('Close Case', 'close-case'),
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      command('Undo', 'undo', 'CmdOrCtrl+Z'),
      command('Redo', 'redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = isMac
    ? { role: 'windowMenu' }
    : { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] };

  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'MAAC Import Help (online)', click: () => openExternal(MAAC_HELP_URL) }],
  };

  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

/** Files handed to the app on its command line (Windows/Linux file associations, a second launch). */
export function filePathsFromArgv(argv: readonly string[], isPackaged: boolean): string[] {
  // argv[0] is the executable; in development argv[1] is the app folder ('.').
  const args = argv.slice(isPackaged ? 1 : 2);
  return args.filter((arg) => !arg.startsWith('-') && /\.(csv|tsv|txt|listprep)$/i.test(arg));
}
