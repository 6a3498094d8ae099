/**
 * The Api's method names without zod: the sandboxed preload and the browser client need the list,
 * and neither may bundle the schemas. The compiler checks that it names every method of the
 * contract and nothing else; a test checks the order against API_METHODS.
 */
import type { ApiMethod } from '../core/contract/api.ts';

export const API_METHOD_NAMES = [
  'appInfo',
  'openFile',
  'openCase',
  'saveCaseAs',
  'closeCase',
  'getCase',
  'setOptions',
  'loadSnapshot',
  'loadDefinitions',
  'queryRows',
  'getCounts',
  'getRow',
  'columnSamples',
  'applyFix',
  'previewEdit',
  'undo',
  'redo',
  'fixLog',
  'runUnify',
  'getUnification',
  'getProfiles',
  'recheckCase',
  'exportFiles',
  'getJob',
  'cancelJob',
] as const satisfies readonly ApiMethod[];

type Listed = (typeof API_METHOD_NAMES)[number];
/** Fails to compile when the contract gains a method this list lacks. */
const everyMethodListed: [Exclude<ApiMethod, Listed>] extends [never] ? true : never = true;
void everyMethodListed;

/** IPC channel of an Api method. */
export const apiChannel = (method: string): string => `listprep:${method}`;

/** The transport-only functions (see ListPrepBridge) and the extras of the Electron preload. */
export const SHELL_CHANNELS = {
  pickFile: 'listprep-shell:pickFile',
  pickSavePath: 'listprep-shell:pickSavePath',
  pickFolder: 'listprep-shell:pickFolder',
  revealPath: 'listprep-shell:revealPath',
  grantDroppedFile: 'listprep-shell:grantDroppedFile',
} as const;

/** Main → renderer: a menu item or an OS "open this file" request. */
export const MENU_CHANNEL = 'listprep-menu:command';

export const MENU_COMMANDS = ['open-list', 'open-case', 'save-case-as', 'export', 'close-case', 'undo', 'redo', 'open-path'] as const;
export type MenuCommandName = (typeof MENU_COMMANDS)[number];
/** `path` is set for 'open-path' (a file opened from the OS: Finder, the dock, a second launch). */
export interface MenuCommand {
  command: MenuCommandName;
  path?: string;
}
