// @vitest-environment jsdom
/**
 * The grid's cell tip (issue #17): one tip outside the grid's scroll box, for the hovered or focused
 * cell, placed inside the window; each cell keeps its issues as its accessible description.
 */
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { placeTip } from '../../renderer/components/review/CellTip.tsx';
import { gridCell, openSample, renderApp } from './harness.tsx';

const view = { width: 1024, height: 768 };
const tip = { width: 360, height: 120 };
const cell = (left: number, top: number) => ({ left, top, right: left + 168, bottom: top + 32 });

describe('placeTip', () => {
  it('opens below the cell, left-aligned with it, when there is room', () => {
    expect(placeTip(cell(100, 200), tip, view)).toEqual({ top: 232, left: 100 });
  });
  it('opens above the cell when there is no room below', () => {
    expect(placeTip(cell(100, 700), tip, view)).toEqual({ top: 580, left: 100 });
  });
  it('moves left when there is no room on the right, and keeps 4 px from the window’s edges', () => {
    expect(placeTip(cell(900, 200), tip, view)).toEqual({ top: 232, left: 1024 - 4 - 360 });
    expect(placeTip(cell(0, 200), { width: 2000, height: 120 }, view)).toEqual({ top: 232, left: 4 });
  });
  it('when it fits neither below nor above, takes the larger side and stays in the window', () => {
    expect(placeTip(cell(100, 300), { width: 360, height: 700 }, view)).toEqual({ top: 332, left: 100 });
    expect(placeTip(cell(100, 500), { width: 360, height: 700 }, view)).toEqual({ top: 4, left: 100 });
  });
});

describe('the grid’s floating tip', () => {
  const floating = () => document.body.querySelector<HTMLElement>(':scope > .cell-tip');

  it('shows the hovered cell’s issues outside the grid, and the focused cell’s; Escape, leaving and blur hide it', async () => {
    const r = renderApp();
    await openSample(r);
    const phone = gridCell(2, 0);
    // The description stays in the cell, visually hidden.
    const description = document.getElementById(phone.getAttribute('aria-describedby') ?? '')!;
    expect(phone.contains(description)).toBe(true);
    expect(description.className).toContain('visually-hidden');
    expect(description.textContent).toContain('"933111222" lost its leading 0');
    expect(floating()).toBeNull();

    fireEvent.mouseEnter(phone);
    expect(floating()?.dataset.for).toBe(phone.id);
    expect(floating()?.textContent).toContain('"933111222" lost its leading 0');
    expect(screen.getByRole('grid').contains(floating())).toBe(false);
    fireEvent.mouseLeave(phone);
    await waitFor(() => expect(floating()).toBeNull());

    // Keyboard focus: the tip follows the focused cell; Escape hides it; a cell without issues has none.
    act(() => gridCell(3, 0).focus());
    expect(floating()?.dataset.for).toBe(gridCell(3, 0).id);
    expect(floating()?.textContent).toContain('was turned into scientific notation');
    fireEvent.keyDown(gridCell(3, 0), { key: 'Escape' });
    expect(floating()).toBeNull();
    act(() => gridCell(2, 0).focus());
    expect(floating()?.dataset.for).toBe(gridCell(2, 0).id);
    act(() => gridCell(2, 0).blur());
    expect(floating()).toBeNull();
    act(() => gridCell(2, 2).focus());
    expect(gridCell(2, 2).getAttribute('aria-describedby')).toBeNull();
    expect(floating()).toBeNull();
  });
});
