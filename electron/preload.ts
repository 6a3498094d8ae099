/**
 * The sandboxed preload: exposes `window.listprep`, one function per Api method (generated from the
 * method list) plus the transport functions. Nothing generic (no invoke/send/on) crosses the bridge.
 * Bundled to one CJS file that requires only 'electron' (scripts/build-electron.mjs checks it).
 *
 * A failed call rejects with a plain `{ name: 'ApiError', code, message }`: contextBridge copies an
 * Error as `new Error(message)` and would drop its code, a plain object keeps both.
 * web/bridge.ts turns it back into an ApiError for the renderer.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_METHOD_NAMES, MENU_CHANNEL, MENU_COMMANDS, SHELL_CHANNELS, apiChannel, type MenuCommand } from './api-methods.ts';

export interface RejectedCall {
  name: 'ApiError';
  code: string;
  message: string;
}

function rejection(code: string, message: string): RejectedCall {
  return { name: 'ApiError', code, message };
}

/** `{ok, value}` → value; `{ok: false, error}` → a rejection with the error's code and message. */
export function unwrapResult(result: unknown): unknown {
  if (result && typeof result === 'object') {
    const envelope = result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
    if (envelope.ok === true) return envelope.value;
    if (envelope.ok === false && envelope.error) {
      const { code, message } = envelope.error;
      throw rejection(typeof code === 'string' ? code : 'operation.failed', typeof message === 'string' ? message : 'The operation failed.');
    }
  }
  throw rejection('transport.failed', 'ListPrep received a malformed answer.');
}

function transportFailure(error: unknown): never {
  throw rejection('transport.failed', error instanceof Error ? error.message : String(error));
}

interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}
interface WebUtilsLike {
  getPathForFile(file: File): string;
}

function isMenuCommand(value: unknown): value is MenuCommand {
  if (!value || typeof value !== 'object') return false;
  const { command, path } = value as { command?: unknown; path?: unknown };
  return (MENU_COMMANDS as readonly unknown[]).includes(command) && (path === undefined || typeof path === 'string');
}

/** The object exposed as window.listprep (exported for tests). */
export function buildPreloadApi(ipc: IpcRendererLike, utils: WebUtilsLike): Record<string, unknown> {
  const call = (channel: string, ...args: unknown[]) => ipc.invoke(channel, ...args).then(unwrapResult, transportFailure);
  const api: Record<string, unknown> = {};
  for (const method of API_METHOD_NAMES) {
    api[method] = (input: unknown) => call(apiChannel(method), input);
  }
  api.pickFile = (purpose: unknown) => call(SHELL_CHANNELS.pickFile, purpose);
  api.pickSavePath = (suggestedName: unknown) => call(SHELL_CHANNELS.pickSavePath, suggestedName);
  api.pickFolder = () => call(SHELL_CHANNELS.pickFolder);
  api.revealPath = (target: unknown) => call(SHELL_CHANNELS.revealPath, target).then(() => undefined);
  /**
   * A dropped File's path on disk ('' for a File not backed by a file), once main has granted it
   * for reading (path-grants.ts): only a real dropped File has a path, so the page cannot grant
   * itself an arbitrary one through this function.
   */
  api.pathForDroppedFile = async (file: File): Promise<string> => {
    const dropped = utils.getPathForFile(file);
    if (!dropped) return '';
    await call(SHELL_CHANNELS.grantDroppedFile, dropped);
    return dropped;
  };
  /** Menu items and OS "open file" requests; returns the unsubscribe function. The IPC event never reaches the page. */
  api.onMenuCommand = (listener: (command: MenuCommand) => void) => {
    if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
    const relay = (_event: unknown, command: unknown) => {
      if (isMenuCommand(command)) listener(command.path === undefined ? { command: command.command } : { command: command.command, path: command.path });
    };
    ipc.on(MENU_CHANNEL, relay);
    return () => void ipc.removeListener(MENU_CHANNEL, relay);
  };
  api.transport = 'electron';
  return Object.freeze(api);
}

contextBridge.exposeInMainWorld('listprep', buildPreloadApi(ipcRenderer, webUtils));
