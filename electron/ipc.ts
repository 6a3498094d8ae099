/**
 * Binds the Api to ipcMain: one `listprep:<method>` handler per contract method. Each call checks
 * that it came from the app's own top-level frame, then goes through the shared dispatcher
 * (zod-parse, call, envelope). Plus the shell channels (native dialogs, reveal in folder).
 * Electron objects come in as parameters; nothing here imports electron at run time.
 */
import path from 'node:path';
import type { Api } from '../core/contract/api.ts';
import type { PickPurpose } from '../core/contract/transport.ts';
import { dispatchApiCall, fail, type ApiResult, type DispatchOptions } from '../core/api/dispatch.ts';
import { API_METHOD_NAMES, SHELL_CHANNELS, apiChannel } from './api-methods.ts';
import { CASE_EXTENSION, caseFileName } from './file-names.ts';
import type { PathGrants } from './path-grants.ts';
import { isTrustedAppUrl } from './security.ts';

export type { ApiResult };

const UNTRUSTED = (): ApiResult => fail('sender.untrusted', "The request did not come from ListPrep's own window.");

/** One Api call as IPC sees it: reject a foreign sender, then dispatch. */
export async function handleApiCall(
  impl: Api,
  method: unknown,
  senderUrl: string | null | undefined,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<ApiResult> {
  if (!isTrustedAppUrl(senderUrl)) return UNTRUSTED();
  return dispatchApiCall(impl, method, rawInput, options);
}

/** The part of an IpcMainInvokeEvent we read: the frame that sent it. */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The sender's URL, or null when the frame is gone or is a subframe (ListPrep has none). */
export function senderUrlOf(event: InvokeEventLike): string | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return null;
  return frame.url;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export function registerApiHandlers(ipcMain: IpcMainLike, impl: Api, options: DispatchOptions = {}): () => void {
  for (const method of API_METHOD_NAMES) {
    ipcMain.handle(apiChannel(method), (event, input) => handleApiCall(impl, method, senderUrlOf(event), input, options));
  }
  return () => API_METHOD_NAMES.forEach((method) => ipcMain.removeHandler(apiChannel(method)));
}

// ---- shell channels ----

export interface FileFilter {
  name: string;
  extensions: string[];
}
export interface ShellDeps {
  showOpenDialog(options: { title: string; properties: Array<'openFile' | 'openDirectory' | 'createDirectory'>; filters?: FileFilter[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: { title: string; defaultPath: string; filters: FileFilter[] }): Promise<{ canceled: boolean; filePath?: string }>;
  showItemInFolder(fullPath: string): void;
  addRecentDocument(fullPath: string): void;
  /** Where save dialogs start. */
  documentsDir: string;
  /** What the user chose: each dialog result is granted for its use (path-grants.ts). */
  grants: PathGrants;
}

const PURPOSES: readonly PickPurpose[] = ['list', 'snapshot', 'definitions', 'case'];
const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] };
const CSV_FILES: FileFilter = { name: 'CSV or text files', extensions: ['csv', 'txt', 'tsv'] };
/** A list may also be an Excel workbook (R-F7); snapshots and definitions stay CSV. */
const LIST_FILES: FileFilter = { name: 'Contact lists (CSV, text, Excel .xlsx)', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xlsm'] };
const CASE_FILES: FileFilter = { name: 'ListPrep cases', extensions: [CASE_EXTENSION] };

export const PICK_FILE_DIALOGS: Readonly<Record<PickPurpose, { title: string; filters: FileFilter[] }>> = {
  list: { title: 'Open a contact list', filters: [LIST_FILES, ALL_FILES] },
  snapshot: { title: 'Load a contact snapshot (MAAC export)', filters: [CSV_FILES, ALL_FILES] },
  definitions: { title: 'Load custom field definitions', filters: [CSV_FILES, ALL_FILES] },
  case: { title: 'Open a case', filters: [CASE_FILES, ALL_FILES] },
};

export interface ShellHandlers {
  pickFile(purpose: unknown): Promise<ApiResult>;
  pickSavePath(suggestedName: unknown): Promise<ApiResult>;
  pickFolder(): Promise<ApiResult>;
  revealPath(target: unknown): Promise<ApiResult>;
  grantDroppedFile(file: unknown): Promise<ApiResult>;
}

/** The transport-only functions, each validating its argument like an Api method does. */
export function createShellHandlers(deps: ShellDeps): ShellHandlers {
  const guard = async (work: () => Promise<unknown>): Promise<ApiResult> => {
    try {
      return { ok: true, value: await work() };
    } catch (error) {
      return fail('operation.failed', error instanceof Error ? error.message : 'The dialog failed.');
    }
  };
  return {
    async pickFile(purpose) {
      if (!PURPOSES.includes(purpose as PickPurpose)) return fail('input.invalid', `pickFile: purpose must be one of ${PURPOSES.join(', ')}`);
      const dialog = PICK_FILE_DIALOGS[purpose as PickPurpose];
      return guard(async () => {
        const result = await deps.showOpenDialog({ title: dialog.title, properties: ['openFile'], filters: dialog.filters });
        const chosen = result.canceled ? undefined : result.filePaths[0];
        if (!chosen) return null;
        deps.grants.grant(chosen, purpose === 'case' ? 'case' : 'read');
        deps.addRecentDocument(chosen);
        return chosen;
      });
    },
    async pickSavePath(suggestedName) {
      if (typeof suggestedName !== 'string' || suggestedName.length > 1024) return fail('input.invalid', 'pickSavePath: the suggested name must be a string');
      return guard(async () => {
        const defaultPath = path.join(deps.documentsDir, caseFileName(suggestedName));
        const result = await deps.showSaveDialog({ title: 'Save the case as', defaultPath, filters: [CASE_FILES] });
        if (result.canceled || !result.filePath) return null;
        deps.grants.grant(result.filePath, 'save');
        deps.addRecentDocument(result.filePath);
        return result.filePath;
      });
    },
    async pickFolder() {
      return guard(async () => {
        const result = await deps.showOpenDialog({ title: 'Choose the export folder', properties: ['openDirectory', 'createDirectory'] });
        const chosen = result.canceled ? undefined : result.filePaths[0];
        if (!chosen) return null;
        deps.grants.grant(chosen, 'export');
        return chosen;
      });
    },
    async revealPath(target) {
      if (!deps.grants.mayReveal(target)) return fail('path.not_granted', 'ListPrep only shows files it exported or that you chose.');
      return guard(async () => {
        deps.showItemInFolder(target as string);
        return null;
      });
    },
    // The preload sends what webUtils.getPathForFile gave for a dropped File: a page script cannot
    // make a File with a path, and only regular files are granted, for reading (and opening as a case).
    async grantDroppedFile(file) {
      if (!deps.grants.grantHandedFile(file)) return fail('file.unreadable', 'ListPrep can only open a file dropped from your disk, not a folder or a device.');
      return { ok: true, value: null };
    },
  };
}

export function registerShellHandlers(ipcMain: IpcMainLike, handlers: ShellHandlers): () => void {
  const bind = (channel: string, run: (arg: unknown) => Promise<ApiResult>) =>
    ipcMain.handle(channel, async (event, arg) => (isTrustedAppUrl(senderUrlOf(event)) ? run(arg) : UNTRUSTED()));
  bind(SHELL_CHANNELS.pickFile, (arg) => handlers.pickFile(arg));
  bind(SHELL_CHANNELS.pickSavePath, (arg) => handlers.pickSavePath(arg));
  bind(SHELL_CHANNELS.pickFolder, () => handlers.pickFolder());
  bind(SHELL_CHANNELS.revealPath, (arg) => handlers.revealPath(arg));
  bind(SHELL_CHANNELS.grantDroppedFile, (arg) => handlers.grantDroppedFile(arg));
  return () => Object.values(SHELL_CHANNELS).forEach((channel) => ipcMain.removeHandler(channel));
}
