/** The row checker without messages (OutputProfile.messages false) finds exactly what it finds with them. */
import { describe, expect, it } from 'vitest';
import { analyzeHeaders } from '../../core/rules/headers.ts';
import { createRowChecker } from '../../core/rules/row-checker.ts';
import { damagedWhatsAppRow, random, WHATSAPP_HEADER } from '../bench/generate.ts';

describe('row checker', () => {
  it('leaves messages empty when asked, and changes nothing else', () => {
    // Without messaging_status's column every row also carries the column's missing-field issue.
    for (const header of [WHATSAPP_HEADER, WHATSAPP_HEADER.filter((h) => h !== 'messaging_status')]) {
      const analysis = analyzeHeaders(header, { channel: 'whatsapp', key: 'phone' });
      const options = { channel: 'whatsapp' as const, key: 'phone' as const, region: 'TW', today: '2026-12-08' };
      const worded = createRowChecker(analysis, options);
      const unworded = createRowChecker(analysis, { ...options, messages: false });
      const r = random(5);
      let issues = 0;
      for (let i = 0; i < 2000; i++) {
        const row = damagedWhatsAppRow(i, r);
        const cells = header === WHATSAPP_HEADER ? row : row.filter((_, c) => c !== 1);
        const expected = worded({ row: i + 2, cells });
        const actual = unworded({ row: i + 2, cells });
        expect(actual.issues.every((issue) => issue.message === '')).toBe(true);
        expect(expected.issues.every((issue) => issue.message !== '')).toBe(true);
        // Key for key, in the same order (a spread keeps `message` in its place).
        expect(actual.issues.map((issue) => JSON.stringify(issue))).toEqual(expected.issues.map((issue) => JSON.stringify({ ...issue, message: '' })));
        expect([...actual.values]).toEqual([...expected.values]);
        expect(actual.key).toBe(expected.key);
        issues += actual.issues.length;
      }
      expect(issues).toBeGreaterThan(2000);
    }
  });
});
