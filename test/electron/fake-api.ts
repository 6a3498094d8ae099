/**
 * A fake Api for transport tests: every method records its (already parsed) input and answers
 * `{ method, input }`, unless a test replaces it. Also valid sample inputs for every method.
 */
import { vi, type Mock } from 'vitest';
import type { Api, ApiMethod } from '../../core/contract/api.ts';
import { API_METHODS } from '../../core/contract/api.ts';

export type FakeApi = Api & { [M in ApiMethod]: Mock };

export function createFakeApi(): FakeApi {
  const api = {} as Record<ApiMethod, Mock>;
  for (const method of API_METHODS) api[method] = vi.fn(async (input: unknown) => ({ method, input }));
  return api as unknown as FakeApi;
}

export function calledMethods(api: FakeApi): ApiMethod[] {
  return API_METHODS.filter((method) => api[method].mock.calls.length > 0);
}

const caseId = 'case_1';
/** One input per method that its schema accepts. */
export const VALID_INPUTS: Record<ApiMethod, unknown> = {
  appInfo: {},
  openFile: { path: '/tmp/list.csv', channel: 'line', region: 'TW' },
  openCase: { path: '/tmp/a.listprep' },
  saveCaseAs: { caseId, path: '/tmp/b.listprep' },
  closeCase: { caseId },
  getCase: { caseId },
  setOptions: { caseId, key: 'phone', timeZone: null },
  loadSnapshot: { caseId, path: '/tmp/snapshot.csv' },
  loadDefinitions: { caseId, path: '/tmp/fields.csv' },
  queryRows: { caseId, offset: 0, limit: 100 },
  getCounts: { caseId },
  getRow: { caseId, row: 2 },
  columnSamples: { caseId },
  applyFix: { caseId, fix: { kind: 'code', code: 'phone.format' } },
  previewEdit: { caseId, fix: { kind: 'replace', find: 'a', replace: 'b' } },
  undo: { caseId },
  redo: { caseId },
  fixLog: { caseId },
  runUnify: { caseId },
  getUnification: { caseId },
  getProfiles: { caseId },
  recheckCase: { caseId },
  exportFiles: { caseId, dir: '/tmp/out' },
  getJob: { jobId: 'job_1' },
  cancelJob: { jobId: 'job_1' },
};
