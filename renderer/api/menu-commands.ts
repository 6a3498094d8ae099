/**
 * Electron's menu items and OS "open this file" requests reach the page through the preload's
 * optional `onMenuCommand(listener)` (it returns the unsubscribe function). Other transports have
 * no menu: subscribing is then a no-op. Mirrors electron/api-methods.ts MENU_COMMANDS (the renderer
 * may not import electron/).
 */
import type { ListPrepBridge } from '../../core/contract/transport.ts';

export type MenuCommandName = 'open-list' | 'open-case' | 'save-case-as' | 'export' | 'close-case' | 'undo' | 'redo' | 'open-path';

export interface MenuCommand {
  command: MenuCommandName;
  /** Set for 'open-path'. */
  path?: string;
}

interface MenuCapable {
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
}

export function subscribeMenuCommands(bridge: ListPrepBridge, listener: (command: MenuCommand) => void): () => void {
  const b = bridge as ListPrepBridge & MenuCapable;
  if (typeof b.onMenuCommand !== 'function') return () => undefined;
  return b.onMenuCommand(listener);
}

/** A case file opens as a case; anything else as a list to check. */
export function isCaseFile(path: string): boolean {
  return /\.listprep$/i.test(path);
}
