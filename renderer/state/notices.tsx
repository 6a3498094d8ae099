/**
 * One place for what the app tells the user outside the current view: the last error (with its code,
 * in an alert) and short confirmations ("3 rows fixed"), read out by a polite live region.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { toShownError, type ShownError } from '../api/errors.ts';

interface NoticesValue {
  error: ShownError | null;
  notice: string;
  reportError(error: unknown): void;
  announce(message: string): void;
  clearError(): void;
}

const NoticesContext = createContext<NoticesValue | null>(null);

export const NOTICE_MS = 5000;

export function NoticesProvider({ children }: { children: ReactNode }) {
  const [error, setError] = useState<ShownError | null>(null);
  const [notice, setNotice] = useState('');
  const reportError = useCallback((e: unknown) => setError(toShownError(e)), []);
  const announce = useCallback((message: string) => setNotice(message), []);
  // A confirmation is read out and shown briefly, then goes away.
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(''), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  const clearError = useCallback(() => setError(null), []);
  const value = useMemo(() => ({ error, notice, reportError, announce, clearError }), [error, notice, reportError, announce, clearError]);
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>;
}

export function useNotices(): NoticesValue {
  const value = useContext(NoticesContext);
  if (!value) throw new Error('useNotices needs a NoticesProvider above it');
  return value;
}
