// Loaded with --import into benchmark children: reports peak resident memory on exit. On Linux it is
// VmHWM of /proc/self/status: getrusage's maxRSS (process.resourceUsage) also counts the parent's
// memory copied at fork, before exec, so a child of a large bench process looked hundreds of MB bigger.
import { readFileSync } from 'node:fs';

function peakKb() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // Not Linux: getrusage is what there is.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  process.stderr.write(`LISTPREP_MAXRSS_KB=${peakKb()}\n`);
});
