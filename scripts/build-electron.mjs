#!/usr/bin/env node
/**
 * Bundles the Electron main process and the preload with esbuild:
 *   electron/main.ts    → dist/electron/main.cjs     (Node; the core is bundled in; electron and
 *                                                      better-sqlite3 stay external)
 *   core/jobs/worker-entry.ts → dist/electron/worker.cjs (the job worker thread main.ts hands to
 *                                                      createService; Electron loads it from the asar)
 *   electron/preload.ts → dist/electron/preload.cjs  (sandboxed: one file that requires only
 *                                                      'electron', and never zod)
 * The renderer is Vite's (npm run build:renderer). The functions are exported for tests.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const DEFAULT_OUTDIR = path.join(root, 'dist', 'electron');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

// import.meta has no meaning in CJS; give bundled core code (e.g. worker URLs) the bundle's own.
const importMetaShim = "const __listprepImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

const nodeBundle = {
  ...common,
  platform: 'node',
  // Electron 41 ships Node 24; keep the syntax Node 22+ understands.
  target: 'node22',
  external: ['electron', 'better-sqlite3'],
  banner: { js: importMetaShim },
  define: { 'import.meta.url': '__listprepImportMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

/** @param {{ outdir?: string, plugins?: import('esbuild').Plugin[] }} [options] */
export async function buildMain({ outdir = DEFAULT_OUTDIR, plugins = [] } = {}) {
  return build({ ...nodeBundle, entryPoints: ['electron/main.ts'], outfile: path.join(outdir, 'main.cjs'), plugins });
}

/** @param {{ outdir?: string }} [options] */
export async function buildWorker({ outdir = DEFAULT_OUTDIR } = {}) {
  return build({ ...nodeBundle, entryPoints: ['core/jobs/worker-entry.ts'], outfile: path.join(outdir, 'worker.cjs') });
}

/** @param {{ outdir?: string }} [options] */
export async function buildPreload({ outdir = DEFAULT_OUTDIR } = {}) {
  const result = await build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    platform: 'browser',
    // Every Electron this project supports runs a newer Chromium than this.
    target: 'chrome120',
    external: ['electron'],
  });
  checkPreloadBundle(result.metafile);
  return result;
}

/** A sandboxed preload can require 'electron' and nothing else, and the schemas stay in main. */
export function checkPreloadBundle(metafile) {
  const zodInput = Object.keys(metafile.inputs).find((input) => input.includes('node_modules/zod'));
  if (zodInput) throw new Error(`The preload must not bundle zod, but it includes ${zodInput}`);
  const required = Object.values(metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
  const foreign = required.filter((name) => name !== 'electron');
  if (foreign.length > 0) throw new Error(`The preload may require only 'electron', but it requires ${foreign.join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const results = [await buildMain(), await buildWorker(), await buildPreload()];
  const files = results.flatMap((result) =>
    Object.entries(result.metafile.outputs)
      .filter(([file]) => file.endsWith('.cjs'))
      .map(([file, out]) => `${file} (${Math.round(out.bytes / 1024)} KiB)`),
  );
  console.log(`Built ${files.join(', ')} for Electron ${electronVersion}.`);
}
