/**
 * Opening the case's list again, read another way (another encoding, R-F5): a new case, made the
 * way the start screen makes one, with the current case's options.
 */
import { createContext, useContext } from 'react';
import type { Api } from '../../core/api/contract.ts';

export type ReopenInput = Parameters<Api['openFile']>[0];

export const ReopenContext = createContext<((input: ReopenInput) => Promise<void>) | null>(null);

export function useReopen(): (input: ReopenInput) => Promise<void> {
  const reopen = useContext(ReopenContext);
  if (!reopen) throw new Error('useReopen needs a ReopenContext provider');
  return reopen;
}
