/**
 * A modal dialog: labelled, focus moved in on open, kept inside (Tab wraps), Escape closes, and focus
 * returned to where it was on close.
 */
import { useEffect, useEffectEvent, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({ titleId, descriptionId, onClose, children, className, returnFocusTo }: {
  titleId: string;
  descriptionId?: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** Where focus goes on close (the opening button); else wherever it was on open. */
  returnFocusTo?: RefObject<HTMLElement | null>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Chosen on open: the opening button (or what had focus) is where the user was.
    const target = returnFocusTo?.current ?? (document.activeElement as HTMLElement | null);
    const first = ref.current?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? ref.current)?.focus();
    return () => target?.focus?.();
  }, [returnFocusTo]);

  // Escape closes even when focus has left the dialog (a button that became disabled drops focus).
  const onEscapeKey = useEffectEvent((e: globalThis.KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    onClose();
  });
  useEffect(() => {
    const onEscape = (e: globalThis.KeyboardEvent) => onEscapeKey(e);
    document.addEventListener('keydown', onEscape);
    return () => document.removeEventListener('keydown', onEscape);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="dialog-backdrop">
      <div ref={ref} className={`dialog ${className ?? ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={descriptionId} tabIndex={-1} onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>
  );
}
