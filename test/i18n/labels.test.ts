import { describe, expect, it } from 'vitest';
import { ALL_CODES, CODES, type CodeDefinition } from '../../core/rules/codes.ts';
import { issueLabel, LANGS } from '../../core/rules/messages.ts';

const labels = (lang: (typeof LANGS)[number]) => ALL_CODES.map((code) => [code, issueLabel(code, lang)] as const);

describe('a label for every issue code', () => {
  it.each(LANGS)('every code has a short %s label that is not the code', (lang) => {
    for (const [code, label] of labels(lang)) {
      expect(label.trim(), code).toBe(label);
      expect(label.length, code).toBeGreaterThan(1);
      expect(label, code).not.toBe(code);
      expect(label, code).not.toMatch(/[.。!！]$/);
      if (lang === 'en') {
        expect(label.split(' ').length, code).toBeLessThanOrEqual(5);
        // Sentence case: only the first word capitalised, unless a word is a name (LINE, UTF-8, WhatsApp, MAAC, ID, UTC, CSV, UID).
        expect(label, code).toMatch(/^[“A-Z0-9]/);
        for (const word of label.split(' ').slice(1)) expect(word, `${code}: ${word}`).toMatch(/^([^A-Z]|LINE$|UTF-8$|WhatsApp$|MAAC$|ID$|UTC$|CSV$|UID$)/);
      } else {
        expect(label.length, code).toBeLessThanOrEqual(14);
        expect(label, code).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it.each(LANGS)('no two codes share a %s label', (lang) => {
    const byLabel = new Map<string, string[]>();
    for (const [code, label] of labels(lang)) byLabel.set(label, [...(byLabel.get(label) ?? []), code]);
    expect([...byLabel.entries()].filter(([, codes]) => codes.length > 1)).toEqual([]);
  });

  it('reads the label from the registry, in the language asked for', () => {
    expect(issueLabel('phone.leading_zero_lost', 'en')).toBe('Leading 0 lost');
    expect(issueLabel('phone.leading_zero_lost', 'zh-TW')).toBe('開頭的 0 不見了');
    const definition: CodeDefinition = CODES['key.duplicate_in_file'];
    expect(issueLabel('key.duplicate_in_file', 'zh-TW')).toBe(definition.label.zhTW);
  });

  it('names a code this build does not know by the code itself', () => {
    expect(issueLabel('something.newer', 'zh-TW')).toBe('something.newer');
  });
});
