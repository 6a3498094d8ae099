// Runs dist-style main.cjs under plain Node with a fake `electron` module, to prove the bundled
// main process boots, creates the service with a native binding and the bundled job worker, and
// answers Api calls through its IPC handlers. The fake records what main.cjs installs (app
// listeners, permission handlers, the app:// protocol) and the host then exercises it, so removing
// the hardening from main.ts shows in the result.
// Usage: node fake-electron-host.cjs <main.cjs> <userData> <resources> <list.csv>
const Module = require('node:module');
const path = require('node:path');

const [mainBundle, userData, resourcesPath, listFile] = process.argv.slice(2);
const handlers = new Map();
let readyResolve;
const ready = new Promise((resolve) => (readyResolve = resolve));
const noop = () => undefined;

/** Everything main.cjs installs, by kind. */
const installed = { quitCalls: [], appListeners: {}, permissionRequest: [], permissionCheck: [], devicePermission: [], protocolHandlers: {}, privilegedSchemes: [], externalOpened: [] };
const fakeSession = {
  setPermissionRequestHandler: (handler) => installed.permissionRequest.push(handler),
  setPermissionCheckHandler: (handler) => installed.permissionCheck.push(handler),
  setDevicePermissionHandler: (handler) => installed.devicePermission.push(handler),
  webRequest: { onHeadersReceived: noop },
  on: noop,
  protocol: { handle: noop },
};
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
    requestSingleInstanceLock: () => true,
    on: (event, listener) => (installed.appListeners[event] ??= []).push(listener),
    quit: () => installed.quitCalls.push(Date.now()), exit: (code) => { console.error(`EXIT ${code}`); process.exit(code); },
    whenReady: () => ready, isReady: () => true, getPath: () => userData, getAppPath: () => path.dirname(path.dirname(mainBundle)),
    getVersion: () => '9.9.9', addRecentDocument: noop, setAboutPanelOptions: noop,
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => installed.privilegedSchemes.push(...schemes),
    handle: (scheme, handler) => (installed.protocolHandlers[scheme] = handler),
  },
  session: { defaultSession: fakeSession },
  BrowserWindow,
  Menu: { buildFromTemplate: (t) => t, setApplicationMenu: noop },
  ipcMain: { handle: (channel, listener) => handlers.set(channel, listener), on: noop, removeHandler: (c) => handlers.delete(c) },
  dialog: { showErrorBox: (title, message) => console.error(`ERRORBOX ${title}: ${message}`), showOpenDialog: async () => ({ canceled: false, filePaths: [listFile] }), showSaveDialog: noop },
  shell: { openExternal: (url) => installed.externalOpened.push(url), showItemInFolder: noop },
  webContents: { fromId: noop },
};

/** A WebContents as 'web-contents-created' hands it over, recording what is attached to it. */
function fakeWebContents() {
  const contents = { listeners: {}, windowOpenHandlers: [] };
  contents.on = (event, listener) => (contents.listeners[event] ??= []).push(listener);
  contents.setWindowOpenHandler = (handler) => contents.windowOpenHandlers.push(handler);
  return contents;
}

/** Fires `event` at every listener; true when one of them called preventDefault. */
function prevented(listeners, ...args) {
  let stopped = false;
  for (const listener of listeners ?? []) listener({ preventDefault: () => (stopped = true) }, ...args);
  return stopped;
}

/** What the installed hardening does when it is used (empty lists and nulls when nothing was installed). */
async function exerciseHardening() {
  const contents = fakeWebContents();
  for (const listener of installed.appListeners['web-contents-created'] ?? []) listener({}, contents);
  const permissions = ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal'];
  const requestAnswers = installed.permissionRequest.map((handler) =>
    permissions.map((permission) => {
      let answer = 'no answer';
      handler(null, permission, (granted) => (answer = granted));
      return answer;
    }));
  const checkAnswers = installed.permissionCheck.map((handler) => permissions.map((permission) => handler(null, permission)));
  const appProtocol = installed.protocolHandlers.app;
  const fetchApp = async (url, method = 'GET') => {
    if (!appProtocol) return null;
    const response = await appProtocol(new Request(url, { method }));
    return { status: response.status, csp: response.headers.get('content-security-policy'), body: method === 'GET' ? await response.text() : '' };
  };
  const windowOpen = (url) => contents.windowOpenHandlers.map((handler) => handler({ url }));
  return {
    appEvents: Object.keys(installed.appListeners).sort(),
    permissionRequestAnswers: requestAnswers,
    permissionCheckAnswers: checkAnswers,
    devicePermissionAnswers: installed.devicePermission.map((handler) => handler()),
    webContents: {
      events: Object.keys(contents.listeners).sort(),
      windowOpenEvil: windowOpen('https://evil.example/'),
      windowOpenHelp: windowOpen('https://www.cresclab.com/help'),
      navigateEvil: prevented(contents.listeners['will-navigate'], 'https://evil.example/'),
      navigateFile: prevented(contents.listeners['will-navigate'], 'file:///etc/passwd'),
      navigateApp: prevented(contents.listeners['will-navigate'], 'app://listprep/index.html'),
      redirectEvil: prevented(contents.listeners['will-redirect'], 'https://evil.example/'),
      redirectApp: prevented(contents.listeners['will-redirect'], 'app://listprep/index.html'),
      attachWebview: prevented(contents.listeners['will-attach-webview']),
    },
    externalOpened: installed.externalOpened,
    privilegedSchemes: installed.privilegedSchemes,
    protocolSchemes: Object.keys(installed.protocolHandlers),
    appIndex: await fetchApp('app://listprep/index.html'),
    appTraversal: await fetchApp('app://listprep/../../../../etc/passwd'),
    appPost: await fetchApp('app://listprep/index.html', 'POST'),
    otherHost: await fetchApp('app://evil/index.html'),
  };
}

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
  // Paths are capabilities: the list is refused until the user picks it in the (fake) dialog.
  const notGranted = await call('openFile', { path: listFile });
  const picked = await handlers.get('listprep-shell:pickFile')(appEvent, 'list');
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
  const hardening = await exerciseHardening();
  // App quit: with a check running, will-quit holds the quit until the jobs are stopped and the
  // cases closed, then quits again; a second will-quit goes through.
  const running = await call('openFile', { path: listFile });
  let prevented = 0;
  const quitStarted = Date.now();
  for (const listener of installed.appListeners['will-quit'] ?? []) listener({ preventDefault: () => prevented++ });
  for (let i = 0; i < 150 && installed.quitCalls.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const quitAfterMs = installed.quitCalls.length ? installed.quitCalls[0] - quitStarted : null;
  const jobAfterQuit = await call('getJob', { jobId: running.value.jobId });
  const caseAfterQuit = await call('getCase', { caseId: running.value.caseId });
  for (const listener of installed.appListeners['will-quit'] ?? []) listener({ preventDefault: () => prevented++ });
  const quit = { prevented, quitAfterMs, jobState: jobAfterQuit.value?.state, caseAfterQuit };
  console.log(JSON.stringify({ job: job.value, rows: rows.value, notGranted, picked, foreign, invalid, webPreferences: BrowserWindow.last.webPreferences, loaded: BrowserWindow.loaded, hardening, quit }));
  process.exit(0);
})().catch((error) => {
  console.error(`HOST FAILED ${error.stack}`);
  process.exit(3);
});
