#!/usr/bin/env node
// The installed `listprep` command: the bundled CLI (`npm run build:cli` → dist/cli/listprep.mjs)
// when it has been built, else the TypeScript sources through tsx (a runtime dependency).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli/listprep.mjs', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../core/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2), undefined, {
    parallel: { script: new URL('../core/jobs/worker-bootstrap.mjs', import.meta.url), minBytes: 16 * 1024 * 1024 },
  });
}
