// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import type { FakeBridge } from '../helpers/fake-api.ts';
import { gridCell, openSample, renderApp } from './harness.tsx';

/** Serious and critical violations, described well enough to fix from the test output. */
async function seriousViolations(): Promise<string[]> {
  const result = await axe.run(document.body, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function waitForJob(fake: FakeBridge, jobId: string) {
  while ((await fake.getJob({ jobId })).state === 'running') await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('accessibility (axe-core, serious and critical)', () => {
  it('start screen', async () => {
    renderApp();
    await screen.findByRole('button', { name: 'Open whatsapp-from-excel.csv' });
    expect(await seriousViolations()).toEqual([]);
  });

  it('review with a selected row, a focused cell and the cell editor', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(gridCell(2, 0));
    await screen.findByRole('region', { name: 'Row 2' });
    expect(await seriousViolations()).toEqual([]);
    fireEvent.doubleClick(gridCell(2, 2));
    await screen.findByRole('textbox', { name: /Edit row 2/ });
    expect(await seriousViolations()).toEqual([]);
  });

  it('review in Traditional Chinese', async () => {
    const r = renderApp({ lang: 'zh-TW' });
    fireEvent.click(await screen.findByRole('button', { name: '開啟 CSV 檔案…' }));
    await waitFor(() => expect(screen.getByRole('grid').querySelectorAll('[data-row]').length).toBe(6));
    expect(await seriousViolations()).toEqual([]);
    void r;
  });

  it('import preview and unification with a conflict', async () => {
    const r = renderApp();
    await openSample(r);
    await waitForJob(r.fake, (await r.fake.loadSnapshot({ caseId: 'case-1', path: '/s.csv' })).jobId);
    for (const code of ['status.invalid', 'gender.invalid', 'date.invalid']) await waitForJob(r.fake, (await r.fake.applyFix({ caseId: 'case-1', fix: { kind: 'code', code } })).jobId);
    fireEvent.click(screen.getByRole('tab', { name: 'Import preview' }));
    await screen.findByRole('heading', { name: 'What MAAC ignores or keeps' });
    await screen.findByRole('table');
    expect(await seriousViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('tab', { name: 'Unification' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Run unification' }));
    await screen.findByRole('img', { name: /Conflict graph/ });
    expect(await seriousViolations()).toEqual([]);
  });

  it('export dialog, before and after exporting', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    await screen.findByRole('dialog');
    expect(await seriousViolations()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Choose folder…' }));
    await screen.findByText('/exports');
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    await screen.findByText('3 files written');
    expect(await seriousViolations()).toEqual([]);
  });

  it('progress bar while a job runs', async () => {
    renderApp({ fakeOptions: { holdJobs: true } });
    fireEvent.click(await screen.findByRole('button', { name: 'Open a CSV file…' }));
    await screen.findByRole('progressbar');
    expect(await seriousViolations()).toEqual([]);
  });
});
