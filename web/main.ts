/**
 * `npm run web -- [--port N] [--data-dir DIR] [--workers] [--static-dir DIR]`: serves the renderer and the real Api on
 * 127.0.0.1 for development and browser tests. Builds the renderer first when dist/renderer is
 * missing. Jobs run inline unless --workers (worker threads, as in the app). Prints one line: the
 * URL to open (it carries this run's token).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createService, sourceWorkerSettings } from '../core/api/service.ts';
import { startBridge } from './server.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');
const defaultStaticDir = path.join(projectRoot, 'dist', 'renderer');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, workers: { type: 'boolean' }, 'static-dir': { type: 'string' } },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);

  // --static-dir: serve another build of the renderer (tests serve a stub) instead of dist/renderer.
  const staticDir = values['static-dir'] ? path.resolve(values['static-dir']) : defaultStaticDir;
  if (!values['static-dir'] && !existsSync(path.join(staticDir, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel: 'warn' });
  }

  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : await mkdtemp(path.join(os.tmpdir(), 'listprep-web-data-'));
  const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const samplesDir = path.join(projectRoot, 'test', 'fixtures');
  const api = createService({
    dataDir,
    samplesDir,
    version,
    ...(values.workers ? { worker: sourceWorkerSettings() } : {}),
  });
  const bridge = await startBridge({
    api,
    port,
    host: '127.0.0.1',
    staticDir,
    dataDir,
    samplesDir,
    onError: (where, error) => console.error(`[listprep] ${where} failed:`, error),
  });
  console.log(`ListPrep bridge (development only): ${bridge.url}`);

  // SIGTERM / SIGINT: stop the jobs (cancelled, threads ended) and close the cases within 2 s;
  // if anything still hangs by then, exit anyway rather than ignore the signal.
  const stop = () => {
    setTimeout(() => process.exit(1), 1900).unref();
    void Promise.allSettled([api.shutdown(1200), bridge.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
