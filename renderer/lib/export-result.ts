/**
 * Reads an export job's result ({ files: [{ kind, path, rows }] }, the contract's exportResultSchema)
 * without bundling zod into the renderer: the transports already validate what crosses them.
 */
import type { ExportResult } from '../../core/contract/api.ts';

export function readExportResult(value: unknown): ExportResult | null {
  if (!value || typeof value !== 'object') return null;
  const files = (value as { files?: unknown }).files;
  if (!Array.isArray(files)) return null;
  const out: ExportResult['files'] = [];
  for (const f of files) {
    if (!f || typeof f !== 'object') return null;
    const { kind, path, rows } = f as { kind?: unknown; path?: unknown; rows?: unknown };
    if (typeof kind !== 'string' || typeof path !== 'string' || typeof rows !== 'number' || !Number.isInteger(rows)) return null;
    out.push({ kind, path, rows });
  }
  return { files: out };
}
