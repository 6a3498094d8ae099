// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ConflictView } from '../../core/contract/api.ts';
import { conflictEdges } from '../../renderer/components/unify/ConflictGraph.tsx';
import type { FakeBridge } from '../helpers/fake-api.ts';
import { openSample, renderApp } from './harness.tsx';

async function waitForJob(fake: FakeBridge, jobId: string) {
  for (;;) {
    const job = await fake.getJob({ jobId });
    if (job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The sample list with the sample snapshot and its fixable issues fixed. Row 5 (王大同, customer
 * M-0004) shares its phone with the snapshot's SMS contact S1 (M-0009).
 */
async function openSampleWithSnapshot(r: ReturnType<typeof renderApp>): Promise<void> {
  await openSample(r);
  await waitForJob(r.fake, (await r.fake.loadSnapshot({ caseId: 'case-1', path: '/samples/contacts-snapshot.csv' })).jobId);
  for (const code of ['status.invalid', 'gender.invalid', 'date.invalid']) await waitForJob(r.fake, (await r.fake.applyFix({ caseId: 'case-1', fix: { kind: 'code', code } })).jobId);
}

describe('unification', () => {
  it('runs unification and draws a conflict: nodes per contact, the shared phone as a held-apart edge', async () => {
    const r = renderApp();
    await openSampleWithSnapshot(r);

    fireEvent.click(screen.getByRole('tab', { name: 'Unification' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Run unification' }));
    await waitFor(() => expect(r.fake.callsOf('runUnify')).toEqual([{ caseId: 'case-1' }]));

    const graph = await screen.findByRole('img', { name: /Conflict graph of 2 contacts/ });
    const nodes = Array.from(graph.querySelectorAll<SVGGElement>('g.node'));
    expect(nodes.map((n) => n.dataset.contactId).sort()).toEqual(['S1', 'row-5']);
    const texts = nodes.map((n) => Array.from(n.querySelectorAll('text')).map((t) => t.textContent));
    expect(texts).toContainEqual(['SMS', 'M-0009', 'S1']);
    expect(texts).toContainEqual(['WhatsApp', 'M-0004', '王大同 (row 5)']);
    const edges = Array.from(graph.querySelectorAll<SVGGElement>('g.edge'));
    expect(edges.length).toBe(1);
    expect(edges[0].getAttribute('class')).toContain('edge-held');
    expect(edges[0].textContent).toBe('phone=+886955666778');

    const why = document.querySelector('.conflict-why')!;
    expect(why.getAttribute('data-code')).toBe('identity.conflict');
    expect(why.textContent).toContain('linked by phone=+886955666778');
    expect(why.textContent).toMatch(/different customer IDs \((M-0004, M-0009|M-0009, M-0004)\)/);
    expect(screen.getByText('identity.conflict', { selector: '.card-title [data-code]' })).toBeTruthy();
    const stats = document.querySelector('[data-stat="conflicts"]');
    expect(stats?.textContent).toBe('1');
    const table = screen.getByRole('table', { name: 'Contacts in this conflict' });
    expect(within(table).getAllByRole('row').length).toBe(3);
  });

  it('changes the identities that link contacts through setOptions', async () => {
    const r = renderApp();
    await openSample(r);
    fireEvent.click(screen.getByRole('tab', { name: 'Unification' }));
    fireEvent.click(await screen.findByRole('checkbox', { name: 'fb_id' }));
    await waitFor(() => expect(r.fake.callsOf('setOptions')).toEqual([{ caseId: 'case-1', unifyKeys: ['email', 'phone', 'customer_id', 'line_uid', 'WhatsApp_mobile', 'ig_id'] }]));
  });

  it('draws an edge only between contacts that share a value, held apart only across customer IDs', () => {
    const contact = (id: string, customerId: string, identities: string[]): ConflictView['contacts'][number] => ({ id, channel: 'line', customerId, profileId: 'p', label: id, identities });
    const edges = conflictEdges([
      contact('A', 'C1', ['phone=+886912345678', 'email=a@x.tw']),
      contact('B', '', ['phone=+886912345678']),
      contact('C', 'C2', ['email=a@x.tw']),
      contact('D', 'C3', ['fb_id=9']),
    ]);
    expect(edges).toEqual([
      { a: 0, b: 1, shared: ['phone=+886912345678'], held: false },
      { a: 0, b: 2, shared: ['email=a@x.tw'], held: true },
    ]);
  });
});

describe('the profile list', () => {
  it('lists each profile with its contacts by name, finds one by customer ID, and expands a conflict to its members', async () => {
    const r = renderApp();
    await openSampleWithSnapshot(r);
    fireEvent.click(screen.getByRole('tab', { name: 'Unification' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Run unification' }));

    const status = await screen.findByText(/^\d+ profiles$/, { selector: '.profile-status' });
    const total = Number(status.getAttribute('data-profile-total'));
    expect(total).toBeGreaterThan(1);
    const table = screen.getByRole('table', { name: 'Who becomes one person' });
    expect(table.querySelectorAll('tbody[data-profile-id]').length).toBe(Math.min(total, 25));

    fireEvent.change(screen.getByRole('searchbox', { name: 'Find a contact' }), { target: { value: 'M-0004' } });
    await waitFor(() => expect(r.fake.callsOf('getProfiles').at(-1)).toEqual({ caseId: 'case-1', offset: 0, limit: 25, search: 'M-0004' }));
    await screen.findByText('1 profile found');
    const row = document.querySelector('.profile-table tr[data-contact-id="row-5"]')!;
    expect(row.querySelector('.contact-name')?.textContent).toBe('王大同 row-5');
    expect(row.querySelector('.badge-held')?.textContent).toBe('held apart');

    const expand = screen.getByRole('button', { name: 'Show its 2 contacts' });
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(expand);
    expect(expand.getAttribute('aria-expanded')).toBe('true');
    const members = document.getElementById(expand.getAttribute('aria-controls')!)!;
    expect(Array.from(members.querySelectorAll('li')).map((li) => li.dataset.contactId).sort()).toEqual(['S1', 'row-5']);
  });
});
