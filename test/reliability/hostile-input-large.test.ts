/**
 * Issue #7, hostile input (the large files): a single 30 MB line, a 30 MB row, a 2 MB quoted cell
 * full of commas and newlines, a 10,000-column header, 100,000 identical rows. See hostile-suite.ts.
 */
import { HOSTILE_CASES } from './hostile-files.ts';
import { describeHostile, LARGE } from './hostile-suite.ts';

describeHostile(HOSTILE_CASES.filter((c) => LARGE.has(c.name)));
