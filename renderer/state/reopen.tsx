/**
 * Opening the case's file again read another way (another encoding, R-F5; another sheet of a
 * workbook, R-F7) as a new case, the way the start screen opens a file: the App provides it, the
 * file card uses it.
 */
import { createContext, useContext } from 'react';
import type { Api } from '../../core/contract/api.ts';

export type ReopenInput = Parameters<Api['openFile']>[0];

export const ReopenContext = createContext<((input: ReopenInput) => Promise<void>) | null>(null);

/** Null outside the App (a case shown on its own cannot be replaced). */
export function useReopen(): ((input: ReopenInput) => Promise<void>) | null {
  return useContext(ReopenContext);
}
