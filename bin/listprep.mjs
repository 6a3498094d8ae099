#!/usr/bin/env node
// The installed `listprep` command: the bundled CLI (`npm run build:cli` → dist/cli/listprep.mjs)
// when it has been built and no source is newer, else the TypeScript sources through tsx (a runtime
// dependency), so a checkout never runs a stale bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/listprep.mjs', import.meta.url);
const sources = fileURLToPath(new URL('../core/', import.meta.url));

function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs);
  }
  return newest;
}

if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(sources)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../core/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), undefined, {
    parallel: { script: new URL('../core/jobs/worker-bootstrap.mjs', import.meta.url), minBytes: 16 * 1024 * 1024 },
  });
}
