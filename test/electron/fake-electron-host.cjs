// Runs dist-style main.cjs under plain Node with a fake `electron` module, to prove the bundled
// main process boots, creates the service with a native binding and the bundled job worker, and
// answers Api calls through its IPC handlers. Usage: node fake-electron-host.cjs <main.cjs> <userData> <resources> <list.csv>
const Module = require('node:module');
const path = require('node:path');

const [mainBundle, userData, resourcesPath, listFile] = process.argv.slice(2);
const handlers = new Map();
let readyResolve;
const ready = new Promise((resolve) => (readyResolve = resolve));
const noop = () => undefined;
const fakeSession = { setPermissionRequestHandler: noop, setPermissionCheckHandler: noop, webRequest: { onHeadersReceived: noop }, on: noop, protocol: { handle: noop } };
class BrowserWindow {
  constructor(options) {
    BrowserWindow.last = options;
    this.webContents = { on: noop, send: noop, setWindowOpenHandler: noop, session: fakeSession };
  }
  once() {}
  on() {}
  isMinimized() { return false; }
  restore() {}
  focus() {}
  loadURL(url) { BrowserWindow.loaded = url; return Promise.resolve(); }
  static getAllWindows() { return []; }
}
const electron = {
  app: {
    isPackaged: true, name: 'ListPrep',
    requestSingleInstanceLock: () => true, on: noop, quit: noop, exit: (code) => { console.error(`EXIT ${code}`); process.exit(code); },
    whenReady: () => ready, isReady: () => true, getPath: () => userData, getAppPath: () => path.dirname(path.dirname(mainBundle)),
    getVersion: () => '9.9.9', addRecentDocument: noop, setAboutPanelOptions: noop,
  },
  protocol: { registerSchemesAsPrivileged: noop, handle: noop },
  session: { defaultSession: fakeSession },
  BrowserWindow,
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: noop },
  ipcMain: { handle: (channel, listener) => handlers.set(channel, listener), on: noop, removeHandler: (c) => handlers.delete(c) },
  dialog: { showErrorBox: (title, message) => console.error(`ERRORBOX ${title}: ${message}`), showOpenDialog: noop, showSaveDialog: noop },
  shell: { openExternal: noop, showItemInFolder: noop },
  webContents: { fromId: noop },
};
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') return electron;
  return originalLoad.call(this, request, parent, isMain);
};
process.resourcesPath = resourcesPath;
// A packaged app reads files to open from argv: this run opens none that way.
process.argv = [process.argv[0]];

require(mainBundle);
readyResolve();

const appEvent = { senderFrame: { url: 'app://listprep/index.html', parent: null } };
const call = async (method, input) => {
  const handler = handlers.get(`listprep:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return handler(appEvent, input);
};

(async () => {
  for (let i = 0; i < 100 && !handlers.has('listprep:openFile'); i++) await new Promise((r) => setTimeout(r, 20));
  const opened = await call('openFile', { path: listFile });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  let job;
  for (let i = 0; i < 500; i++) {
    job = await call('getJob', { jobId: opened.value.jobId });
    if (job.value.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const rows = await call('queryRows', { caseId: opened.value.caseId, offset: 0, limit: 10 });
  const foreign = await handlers.get('listprep:appInfo')({ senderFrame: { url: 'https://evil.example/', parent: null } }, {});
  const invalid = await call('getCase', { caseId: '../../etc/passwd' });
  console.log(JSON.stringify({ job: job.value, rows: rows.value, foreign, invalid, webPreferences: BrowserWindow.last.webPreferences, loaded: BrowserWindow.loaded }));
  process.exit(0);
})().catch((error) => {
  console.error(`HOST FAILED ${error.stack}`);
  process.exit(3);
});
