#!/usr/bin/env node
/**
 * Where a bundled command allocates on its main thread, collected garbage included (what `node
 * --heap-prof` leaves out: it keeps only what is alive at the end). Runs the bundle in this process
 * under V8's sampling heap profiler and prints the functions that allocated the most.
 *
 *   node scripts/perf/allocation-profile.mjs dist/cli/listprep.mjs check big.csv [--top 20]
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 20;
const [bundle, ...bundleArgs] = args;
if (!bundle) {
  console.error('Usage: node scripts/perf/allocation-profile.mjs BUNDLE [ARGS…] [--top N]');
  process.exit(2);
}

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
await post('HeapProfiler.enable');
await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });

let reported = false;
async function report() {
  if (reported) return;
  reported = true;
  const { profile } = await post('HeapProfiler.stopSampling');
  const byFunction = new Map();
  let total = 0;
  const walk = (node) => {
    total += node.selfSize;
    const name = `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    for (const child of node.children ?? []) walk(child);
  };
  walk(profile.head);
  const lines = [`allocated on the main thread: about ${(total / 1e6).toFixed(0)} MB (sampled)`];
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${(bytes / 1e6).toFixed(1).padStart(8)} MB  ${name}`);
  fs.writeSync(2, lines.join('\n') + '\n');
}

// The bundle ends with process.exit or by running out of work: report either way.
const exit = process.exit.bind(process);
process.exit = (code) => void report().then(() => exit(code));
process.on('beforeExit', () => void report());
process.argv = [process.argv[0], path.resolve(bundle), ...bundleArgs];
await import(pathToFileURL(path.resolve(bundle)).href);
