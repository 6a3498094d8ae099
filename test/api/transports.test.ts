/**
 * One scenario, two transports: the real service called in process through the dispatcher (what
 * Electron's IPC runs) and through the loopback bridge's HTTP client (what the browser runs).
 * Every answer must satisfy the contract's output schema, and both transports must agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiContract, type Api, type ApiMethod } from '../../core/contract/api.ts';
import { dispatchApiCall } from '../../core/api/dispatch.ts';
import { startBridge, type BridgeHandle } from '../../web/server.ts';
import { createHttpBridge } from '../../web/client.ts';
import { fixture, makeService, tempDir } from '../helpers/service.ts';
import type { Service } from '../../core/api/service.ts';

type Call = <M extends ApiMethod>(method: M, input: Parameters<Api[M]>[0]) => Promise<Awaited<ReturnType<Api[M]>>>;

const services: Service[] = [];
const bridges: BridgeHandle[] = [];
afterAll(async () => {
  for (const bridge of bridges) await bridge.close();
  for (const service of services) service.close();
});

/** Where a transport's caller finds its input files and writes its exports (the bridge confines both). */
interface Place {
  input(name: string): string;
  exportDir: string;
}
type Transport = { call: Call; place: Place };

function inProcess(): Transport {
  const { api } = makeService();
  services.push(api);
  return { place: { input: fixture, exportDir: tempDir() }, call: async (method, input) => {
    const result = await dispatchApiCall(api, method, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as never;
  } };
}

async function throughBridge(): Promise<Transport> {
  const { api } = makeService();
  services.push(api);
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>ListPrep</title>');
  const bridge = await startBridge({ api, port: 0, host: '127.0.0.1', staticDir });
  bridges.push(bridge);
  const client = createHttpBridge(bridge.origin, bridge.token);
  // As the browser does: the inputs are uploads, the exports go to the bridge's export folder.
  const input = (name: string) => {
    const copy = path.join(bridge.uploadDir, name);
    fs.copyFileSync(fixture(name), copy);
    return copy;
  };
  return {
    place: { input, exportDir: bridge.exportDir },
    call: async (method, input) => (await (client[method] as (i: unknown) => Promise<unknown>)(input)) as never,
  };
}

/** Calls through a transport and checks the answer against the contract's output schema. */
function checked({ call, place }: Transport): Transport {
  return { place, call: async (method, input) => {
    const value = await call(method, input);
    const parsed = apiContract[method].output.safeParse(value);
    expect(parsed.success, `${method} output: ${parsed.success ? '' : JSON.stringify(parsed.error.issues).slice(0, 500)}`).toBe(true);
    return value as never;
  } };
}

async function scenario({ call, place }: Transport) {
  const wait = async (jobId: string) => {
    for (;;) {
      const job = await call('getJob', { jobId });
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const info = await call('appInfo', {});
  const { caseId, jobId } = await call('openFile', { path: place.input('whatsapp-from-excel.csv') });
  expect((await wait(jobId)).state).toBe('done');
  await wait((await call('loadSnapshot', { caseId, path: place.input('contacts-snapshot.csv') })).jobId);
  const summary = await call('getCase', { caseId });
  const page = await call('queryRows', { caseId, offset: 0, limit: 50, filter: { severity: 'error' }, sort: { by: 'outcome', dir: 'asc' } });
  // Fixes, undo and redo are jobs: their rows changed are in the job's result.
  const changed = async (started: { jobId: string }) => ((await wait(started.jobId)).result as { changedRows: number }).changedRows;
  const fixed = await changed(await call('applyFix', { caseId, fix: { kind: 'code', code: 'date.invalid' } }));
  const undone = await changed(await call('undo', { caseId }));
  const redone = await changed(await call('redo', { caseId }));
  const counts = await call('getCounts', { caseId, filter: {} });
  const row = await call('getRow', { caseId, row: 7 });
  for (const code of ['status.invalid', 'gender.invalid']) await changed(await call('applyFix', { caseId, fix: { kind: 'code', code } }));
  const log = await call('fixLog', { caseId });
  await wait((await call('runUnify', { caseId })).jobId);
  const unification = await call('getUnification', { caseId, offset: 0, limit: 10 });
  const exportDir = place.exportDir;
  const exported = await wait((await call('exportFiles', { caseId, dir: exportDir })).jobId);
  let refused: unknown;
  try {
    await call('queryRows', { caseId, offset: -1, limit: 5000, filter: {} });
  } catch (error) {
    refused = error;
  }
  return {
    samples: info.samples.map((s) => s.name),
    summary: { channel: summary.channel, rows: summary.rows, snapshot: summary.snapshot?.contacts, columns: summary.columns.length },
    page: page.rows.map((r) => [r.row, r.outcome]),
    fixed, undone, redone,
    counts: counts.byOutcome,
    row: { outcome: row.outcome, contactId: row.contactId, changes: row.changes },
    log: log.map((l) => [l.fix.kind, l.undone]),
    unification: { profiles: unification.profiles, contacts: unification.contacts, conflicts: unification.conflicts.map((c) => c.customerIds) },
    exported: exported.state,
    files: fs.readdirSync(exportDir).sort(),
    refused: (refused as { code?: string } | undefined)?.code,
  };
}

describe('the Api contract over both transports', () => {
  it('gives the same, schema-valid answers in process and through the bridge', async () => {
    const local = await scenario(checked(inProcess()));
    const remote = await scenario(checked(await throughBridge()));
    expect(local.summary).toEqual({ channel: 'whatsapp', rows: 6, snapshot: 4, columns: 8 });
    expect(local.fixed).toBe(3);
    expect(local.row).toMatchObject({ outcome: 'update', contactId: 'W1' });
    expect(local.unification.conflicts).toEqual([['M-0004', 'M-0009']]);
    expect(local.files).toEqual(['whatsapp-from-excel.errors.csv', 'whatsapp-from-excel.rejected.csv', 'whatsapp-from-excel.upload-ready.csv']);
    expect(local.refused).toBe('input.invalid');
    expect(remote).toEqual(local);
  });
});
