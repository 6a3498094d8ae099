/** R-V4 messaging_status: exact lowercase values of the channel. Blank handling is the row checker's (R-W1, required.missing). */
import type { ValueCheck } from './types.ts';

/** Case, width, spaces, dashes and underscores ignored: `Opted In`, `OPTED-IN`, `optedin` all read `optedin`. */
function looseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');
}

export function checkStatus(raw: string, allowed: readonly string[]): ValueCheck {
  const text = raw.trim();
  if (allowed.includes(text)) return { findings: [], value: text };
  const key = looseKey(text);
  const matches = key === '' ? [] : allowed.filter((status) => looseKey(status) === key);
  return {
    findings: [{ code: 'status.invalid', params: { allowed: allowed.join(', ') }, ...(matches.length === 1 ? { fix: matches[0] } : {}) }],
  };
}
