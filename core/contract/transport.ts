/**
 * What the renderer sees as `window.listprep`: the Api plus the few things only a transport can do
 * (native dialogs in Electron, an upload in the browser bridge). Both transports implement it.
 */
import type { Api } from './api.ts';

export type PickPurpose = 'list' | 'snapshot' | 'definitions' | 'case';

export interface ListPrepBridge extends Api {
  /** Lets the user choose a file; resolves to a path the Api accepts, or null when cancelled. */
  pickFile(purpose: PickPurpose): Promise<string | null>;
  /** Lets the user choose where a case file is saved; null when cancelled. */
  pickSavePath(suggestedName: string): Promise<string | null>;
  /** Lets the user choose an export folder; null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** Shows an exported file in the system's file manager (no-op in the browser bridge). */
  revealPath(path: string): Promise<void>;
  /** Which transport this is: the UI hides what a transport cannot do. */
  readonly transport: 'electron' | 'web' | 'fake';
}
