// Runs the TypeScript worker entry from sources (development, tests, the CLI): registers tsx in
// this thread first. The packaged app runs the bundled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker-entry.ts');
