/** docs/rules.md is what `npm run docs` makes from the registry: edit the registry, then run it. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesReference } from '../../core/rules/reference-doc.ts';
import { ALL_CODES } from '../../core/rules/codes.ts';

describe('docs/rules.md', () => {
  it('is up to date with the registry (run npm run docs)', () => {
    const written = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/rules.md'), 'utf8');
    expect(written).toBe(rulesReference());
  });

  it('lists every code once in the table and once among the messages', () => {
    const text = rulesReference();
    for (const code of ALL_CODES) {
      expect(text.split(`| \`${code}\` |`).length - 1, code).toBe(1);
      expect(text.split(`### \`${code}\`\n`).length - 1, code).toBe(1);
    }
  });
});
