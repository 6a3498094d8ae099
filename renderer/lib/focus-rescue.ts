/**
 * Keeps keyboard focus somewhere sensible when the focused control goes away under it: a button
 * disabled while a task runs (Undo, Accept, Fix all) gets focus back when it is enabled again; one
 * that stays disabled or is removed (the last fix of a code) hands focus to its neighbour of the same
 * kind in its `data-focus-group`, else to the group, else to `fallback()` (the grid). Focus that the
 * user moved away on purpose (a click on empty space) is left alone: only a disabled or removed
 * element is rescued.
 */
import { useEffect } from 'react';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

interface Remembered {
  el: HTMLElement;
  group: HTMLElement | null;
  /** The element's rank among the group's focusable elements of the same class, when it was focused. */
  rank: number;
}

const isDisabled = (el: HTMLElement) => (el as HTMLButtonElement).disabled === true || el.getAttribute('aria-disabled') === 'true';
const usable = (el: HTMLElement) => !isDisabled(el) && el.getClientRects().length > 0;

function peers(group: HTMLElement, className: string): HTMLElement[] {
  return Array.from(group.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.className === className);
}

/**
 * The neighbour that takes over from a removed or disabled element: the nearest of the same kind (a
 * removed one's successor first, so "Fix all" moves down the list; a disabled one's predecessor on a
 * tie, so Redo hands back to Undo); else anything focusable in its group; else the group.
 */
function replacement({ el, group, rank }: Remembered): HTMLElement | null {
  if (!group || !group.isConnected) return null;
  const same = peers(group, el.className);
  const at = el.isConnected ? same.indexOf(el) : rank;
  const order = el.isConnected ? [-1, 1] : [0, -1, 1];
  for (let distance = 0; distance <= same.length; distance++) {
    for (const step of order) {
      const candidate = same[at + (step === 0 ? distance : step * Math.max(1, distance))];
      if (candidate && candidate !== el && usable(candidate)) return candidate;
    }
  }
  const any = Array.from(group.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((p) => p !== el && usable(p));
  if (any.length > 0) return any[0];
  return group.hasAttribute('tabindex') ? group : null;
}

export function useFocusRescue(fallback: () => HTMLElement | null): void {
  useEffect(() => {
    let last: Remembered | null = null;
    // Focus was lost because the element was disabled while a task ran: it gets focus back when enabled.
    let waiting = false;
    const onFocusIn = (e: FocusEvent) => {
      const el = e.target;
      if (!(el instanceof HTMLElement) || el === document.body) return;
      const group = el.closest<HTMLElement>('[data-focus-group]');
      last = { el, group, rank: group ? peers(group, el.className).indexOf(el) : 0 };
      waiting = false;
    };
    const check = () => {
      if (!last) return;
      const active = document.activeElement;
      const lost = !active || active === document.body || (active === last.el && isDisabled(last.el));
      if (!lost) return;
      const { el } = last;
      if (el.isConnected && !isDisabled(el)) {
        if (waiting) el.focus();
        waiting = false;
        return;
      }
      // While a task runs, wait: the element is usually enabled again when it ends.
      if (el.isConnected && document.querySelector('[aria-busy="true"]')) {
        waiting = true;
        return;
      }
      waiting = false;
      (replacement(last) ?? fallback())?.focus();
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'aria-busy', 'aria-disabled'] });
    document.addEventListener('focusin', onFocusIn);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
    };
  }, [fallback]);
}

/** The grid's one tab stop (its active cell, or the grid itself before a cell is active). */
export function gridTabStop(): HTMLElement | null {
  const grid = document.querySelector<HTMLElement>('[role="grid"]');
  if (!grid) return null;
  return grid.getAttribute('tabindex') === '0' ? grid : grid.querySelector<HTMLElement>('[tabindex="0"]') ?? grid;
}
