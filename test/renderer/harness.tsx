/**
 * Renders the app against the in-memory fake, in jsdom. jsdom has no layout, so the grid's scroll
 * container is given a size (the virtualizer measures clientHeight/clientWidth) and scrollTo exists.
 */
import { afterEach, expect } from 'vitest';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { ApiProvider } from '../../renderer/api/context.tsx';
import { App } from '../../renderer/App.tsx';
import { createI18n } from '../../renderer/i18n/index.ts';
import type { Lang } from '../../core/rules/messages.ts';
import { createFakeApi, type FakeBridge, type FakeOptions } from '../helpers/fake-api.ts';

function giveLayout(): void {
  const size = (el: Element, grid: number, other: number) => (el instanceof HTMLElement && el.classList.contains('grid-scroll') ? grid : other);
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get() { return size(this, 600, 0); } });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get() { return size(this, 1000, 0); } });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get() { return size(this, 600, 0); } });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get() { return size(this, 1000, 0); } });
  if (!Element.prototype.scrollTo) Element.prototype.scrollTo = function scrollTo() {};
  if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = function scrollIntoView() {};
}
giveLayout();
// Machines running other suites at the same time are slow; waiting longer only matters when a test would fail anyway.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});

export interface Rendered {
  fake: FakeBridge;
  i18n: ReturnType<typeof createI18n>;
  container: HTMLElement;
}

export function renderApp(options: { fake?: FakeBridge; fakeOptions?: FakeOptions; lang?: Lang } = {}): Rendered {
  const fake = options.fake ?? createFakeApi(options.fakeOptions);
  const i18n = createI18n(options.lang ?? 'en');
  const { container } = render(
    <I18nextProvider i18n={i18n}>
      <ApiProvider bridge={fake}>
        <App pollMs={5} checkPollMs={10} />
      </ApiProvider>
    </I18nextProvider>,
  );
  return { fake, i18n, container };
}

/** The grid's row element for a spreadsheet row number. */
export function gridRow(row: number): HTMLElement {
  const el = screen.getByRole('grid').querySelector<HTMLElement>(`[role="row"][data-row="${row}"]`);
  if (!el) throw new Error(`row ${row} is not rendered`);
  return el;
}

/** A data cell by spreadsheet row and file column index (0-based). */
export function gridCell(row: number, columnIndex: number): HTMLElement {
  const cells = within(gridRow(row)).getAllByRole('gridcell');
  // gridcells: outcome, then data columns (the row number is a rowheader).
  return cells[columnIndex + 1];
}

/** Cell text without its hidden tooltip. */
export function cellText(cell: HTMLElement): string {
  return cell.querySelector('.cell-value')?.textContent ?? cell.textContent ?? '';
}

/** Opens the sample from the start screen (Open button → pickFile → openFile) and waits for the grid. */
export async function openSample(r: Rendered, rows = 6): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: r.i18n.t('start.open') }));
  await waitFor(() => expect(screen.getByRole('grid').querySelectorAll('[role="row"][data-row]').length).toBe(rows));
  await waitFor(() => expect(screen.queryByRole('region', { name: r.i18n.t('jobs.label') })).toBeNull());
}

/** Waits until the case is idle (no job bar) and the data has settled. */
export async function settle(r: Rendered): Promise<void> {
  await waitFor(() => expect(screen.queryByRole('region', { name: r.i18n.t('jobs.label') })).toBeNull());
  await new Promise((resolve) => setTimeout(resolve, 30));
}

