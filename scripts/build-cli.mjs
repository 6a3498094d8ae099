#!/usr/bin/env node
/**
 * Bundles the command line with esbuild: core/cli/entry.ts → dist/cli/listprep.mjs (one ESM file,
 * dependencies included), so the installed `listprep` starts in plain Node without transpiling
 * TypeScript. bin/listprep.mjs runs it when present. The bundle is also the validation worker's
 * script (it dispatches on `workerData.task`).
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const CLI_BUNDLE = path.join(root, 'dist', 'cli', 'listprep.mjs');

export async function buildCli({ outfile = CLI_BUNDLE } = {}) {
  return build({
    absWorkingDir: root,
    entryPoints: ['core/cli/entry.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native modules stay outside (the CLI itself needs none; the case store is not part of it).
    external: ['better-sqlite3'],
    // Bundled CommonJS dependencies (iconv-lite, chardet…) require Node built-ins.
    banner: { js: "import { createRequire as __listprepCreateRequire } from 'node:module'; const require = __listprepCreateRequire(import.meta.url);" },
    define: { LISTPREP_CLI_BUNDLE: 'true' },
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildCli();
  const [file, out] = Object.entries(result.metafile.outputs)[0];
  console.log(`Built ${file} (${Math.round(out.bytes / 1024)} KiB).`);
}
