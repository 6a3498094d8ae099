/** VALID_INPUTS with each path moved into the folders a bridge gave out (an upload, its export folder). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiMethod } from '../../core/contract/api.ts';
import { VALID_INPUTS } from '../electron/fake-api.ts';

export function insideBridge(method: ApiMethod, bridge: { uploadDir: string; exportDir: string }): unknown {
  const input = VALID_INPUTS[method] as Record<string, unknown>;
  if (method === 'saveCaseAs') return { ...input, path: path.join(bridge.exportDir, 'b.listprep') };
  if (method === 'exportFiles') return { ...input, dir: bridge.exportDir };
  if (typeof input.path !== 'string') return input;
  const uploaded = path.join(bridge.uploadDir, 'given', path.basename(input.path));
  mkdirSync(path.dirname(uploaded), { recursive: true });
  writeFileSync(uploaded, 'x');
  return { ...input, path: uploaded };
}
