/**
 * Issue #7, hostile input (the small files; the large ones are in hostile-input-large.test.ts):
 * random bytes, NUL bytes, BOMs and headers alone, invalid UTF-8, unterminated quotes, `__proto__`
 * names and values, mixed line endings, Windows-1252, emoji and bidi overrides. See hostile-suite.ts.
 */
import { HOSTILE_CASES } from './hostile-files.ts';
import { describeHostile, LARGE } from './hostile-suite.ts';

describeHostile(HOSTILE_CASES.filter((c) => !LARGE.has(c.name)));
