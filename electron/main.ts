/**
 * The Electron main process, kept thin: wiring only. Every decision lives in a tested module —
 * security.ts (webPreferences, CSP, URL checks, handlers), protocol.ts (app://), ipc.ts (Api and
 * shell channels), menu.ts (the menu), native-binding.ts (which better-sqlite3 binary).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BrowserWindow, Menu, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { createService, type Service } from '../core/api/service.ts';
import { guardApiPaths } from '../core/api/path-guard.ts';
import { MENU_CHANNEL, type MenuCommand, type MenuCommandName } from './api-methods.ts';
import { createShellHandlers, registerApiHandlers, registerShellHandlers, type IpcMainLike } from './ipc.ts';
import { buildMenuTemplate, filePathsFromArgv } from './menu.ts';
import { PathGrants } from './path-grants.ts';
import { resolveNativeBinding } from './native-binding.ts';
import { handleAppProtocol, registerAppScheme } from './protocol.ts';
import { APP_ENTRY_URL, hardenApp, hardenSession, isSafeExternalUrl, secureWebPreferences } from './security.ts';

// The bundle is dist/electron/main.cjs beside preload.cjs and worker.cjs; the renderer is dist/renderer.
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
const PRELOAD = path.join(__dirname, 'preload.cjs');
const JOB_WORKER = path.join(__dirname, 'worker.cjs');

let mainWindow: BrowserWindow | null = null;
let service: Service | null = null;
/** The paths the user chose: the only ones the Api accepts from the renderer. */
const grants = new PathGrants();
let rendererReady = false;
const pendingCommands: MenuCommand[] = [];

function openExternalSafely(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

function sendCommand(command: MenuCommand): void {
  if (mainWindow && rendererReady) mainWindow.webContents.send(MENU_CHANNEL, command);
  else pendingCommands.push(command);
}

/** A file handed over by the OS (Finder, dock, file association, a second launch): the user chose it. */
function openFromOs(given: string, workingDirectory = process.cwd()): void {
  const filePath = path.resolve(workingDirectory, given);
  if (!grants.grantHandedFile(filePath)) return;
  app.addRecentDocument(filePath);
  sendCommand({ command: 'open-path', path: filePath });
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
}

function createWindow(): void {
  rendererReady = false;
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    title: 'ListPrep',
    show: false,
    webPreferences: secureWebPreferences({ preload: PRELOAD, devTools: !app.isPackaged }),
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.webContents.on('did-finish-load', () => {
    rendererReady = true;
    for (const command of pendingCommands.splice(0)) mainWindow?.webContents.send(MENU_CHANNEL, command);
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
    rendererReady = false;
  });
  void mainWindow.loadURL(APP_ENTRY_URL);
}

function fail(message: string): void {
  dialog.showErrorBox('ListPrep cannot start', message);
  app.exit(1);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  handleAppProtocol(protocol, RENDERER_ROOT);

  const binding = resolveNativeBinding(
    {
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
      electronVersion: process.versions.electron ?? '',
      platform: process.platform,
      arch: process.arch,
    },
    { exists: existsSync, readText: (file) => readFileSync(file, 'utf8') },
  );
  if (!binding.ok) return fail(binding.message);

  let api: Service;
  try {
    api = createService({
      dataDir: app.getPath('userData'),
      nativeBinding: binding.path,
      worker: { script: JOB_WORKER },
      // The sample inputs: shipped as resources/samples, test/fixtures in development.
      samplesDir: app.isPackaged ? path.join(process.resourcesPath, 'samples') : path.join(app.getAppPath(), 'test', 'fixtures'),
      version: app.getVersion(),
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  service = api;

  const ipc = ipcMain as unknown as IpcMainLike;
  registerApiHandlers(ipc, guardApiPaths(api, grants), { onError: (method, error) => console.error(`[listprep] ${method} failed:`, error) });
  registerShellHandlers(
    ipc,
    createShellHandlers({
      showOpenDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
      showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
      showItemInFolder: (fullPath) => shell.showItemInFolder(fullPath),
      addRecentDocument: (fullPath) => app.addRecentDocument(fullPath),
      documentsDir: app.getPath('documents'),
      grants,
    }),
  );

  const menu = buildMenuTemplate({
    platform: process.platform,
    appName: app.name,
    send: (command: MenuCommandName) => sendCommand({ command }),
    openExternal: openExternalSafely,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu));

  createWindow();
  for (const filePath of filePathsFromArgv(process.argv, app.isPackaged)) openFromOs(filePath);
}

// Must happen before 'ready'.
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenApp(app, openExternalSafely);

  // macOS delivers files opened from Finder or the dock here, possibly before 'ready'.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openFromOs(filePath);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    for (const filePath of filePathsFromArgv(argv, app.isPackaged)) openFromOs(filePath, workingDirectory);
  });

  // Quitting stops the jobs and closes the cases (within 2 s) before the app exits: the quit
  // waits for the service's shutdown once, then goes on.
  app.on('will-quit', (event) => {
    const stopping = service;
    if (!stopping) return;
    service = null;
    event.preventDefault();
    void stopping.shutdown(1500).finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createWindow();
  });

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
