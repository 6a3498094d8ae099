/**
 * Turns a file dropped on the window into a path the Api accepts. Each transport does this its own
 * way, so the difference lives here only:
 * - Electron: the preload exposes `pathForDroppedFile(file)` (webUtils.getPathForFile): the real path,
 *   resolved once the main process has granted it (electron/path-grants.ts).
 * - Browser bridge: `uploadFile(file, purpose)` sends the bytes to the loopback server, which keeps
 *   a copy and answers with its path.
 * Neither is part of ListPrepBridge, so both are optional extras detected at run time.
 */
import type { ListPrepBridge, PickPurpose } from '../../core/contract/transport.ts';

export interface DropCapable {
  /** Electron: the dropped file's path on disk, or null/'' when it has none (e.g. dragged from a browser). */
  pathForDroppedFile?(file: File): string | null | Promise<string | null>;
  /** Browser bridge: uploads the dropped file and resolves to a path the Api accepts. */
  uploadFile?(file: File, purpose: PickPurpose): Promise<string>;
}

export class DropNotSupportedError extends Error {
  readonly code = 'drop.unsupported';
  constructor() {
    super('This window cannot open dropped files; use the Open button instead.');
    this.name = 'DropNotSupportedError';
  }
}

/** Whether this bridge can take dropped files at all (the UI hides the hint when it cannot). */
export function canOpenDropped(bridge: ListPrepBridge): boolean {
  const b = bridge as ListPrepBridge & DropCapable;
  return typeof b.pathForDroppedFile === 'function' || typeof b.uploadFile === 'function';
}

/** The path of a dropped file, ready for openFile / loadSnapshot / loadDefinitions. */
export async function pathForDroppedFile(bridge: ListPrepBridge, file: File, purpose: PickPurpose): Promise<string> {
  const b = bridge as ListPrepBridge & DropCapable;
  if (typeof b.pathForDroppedFile === 'function') {
    const path = await b.pathForDroppedFile(file);
    if (path) return path;
  }
  if (typeof b.uploadFile === 'function') return b.uploadFile(file, purpose);
  throw new DropNotSupportedError();
}

/** The first file of a drop, if the drop carried files. */
export function firstDroppedFile(dataTransfer: DataTransfer | null): File | null {
  if (!dataTransfer || dataTransfer.files.length === 0) return null;
  return dataTransfer.files[0] ?? null;
}
