import { describe, expect, it } from 'vitest';
import { hasInvisible, markerFor, revealInvisible, splitInvisible } from '../../renderer/lib/visible-text.ts';

describe('revealInvisible', () => {
  it('shows a right-to-left override as a marker, so "gnp.exe" cannot pose as "exe.png"', () => {
    expect(revealInvisible('invoice\u202Egnp.exe')).toBe('invoice⟨U+202E⟩gnp.exe');
  });

  it('marks every bidi embedding, override, isolate and mark', () => {
    const controls = ['\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
    for (const c of controls) {
      const code = c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      expect(revealInvisible(`a${c}b`)).toBe(`a⟨U+${code}⟩b`);
    }
  });

  it('marks zero-width characters, BOM, soft hyphen and C0/C1 controls', () => {
    expect(revealInvisible('0912\u200B345678')).toBe('0912⟨U+200B⟩345678');
    expect(revealInvisible('\uFEFFname')).toBe('⟨U+FEFF⟩name');
    expect(revealInvisible('VIP\u00AD')).toBe('VIP⟨U+00AD⟩');
    expect(revealInvisible('a\tb\nc\u0000d\u0085')).toBe('a⟨U+0009⟩b⟨U+000A⟩c⟨U+0000⟩d⟨U+0085⟩');
    expect(revealInvisible('x\u2060y\u2028z')).toBe('x⟨U+2060⟩y⟨U+2028⟩z');
  });

  it('marks tag characters outside the BMP with their full code point', () => {
    expect(revealInvisible('a\u{E0041}b')).toBe('a⟨U+E0041⟩b');
  });

  it('leaves ordinary text alone: CJK, Thai, Arabic letters, emoji, full-width punctuation', () => {
    for (const value of ['陳美玲', 'สมชาย ใจดี', 'محمد', '新客，VIP', '+886 912-345-678', '🙂', 'café', '']) {
      expect(revealInvisible(value)).toBe(value);
      expect(hasInvisible(value)).toBe(false);
    }
  });

  it('keeps zero-width joiners that build an emoji, and marks them between letters', () => {
    const family = '👨\u200D👩\u200D👧';
    expect(revealInvisible(family)).toBe(family);
    expect(revealInvisible('❤️\u200D🔥')).toBe('❤️\u200D🔥');
    expect(revealInvisible('ab\u200Dcd')).toBe('ab⟨U+200D⟩cd');
  });

  it('splits into text and marker segments in order', () => {
    expect(splitInvisible('a\u202Eb\u200Bc')).toEqual([
      { text: 'a' },
      { text: '⟨U+202E⟩', codePoint: 0x202e },
      { text: 'b' },
      { text: '⟨U+200B⟩', codePoint: 0x200b },
      { text: 'c' },
    ]);
    expect(markerFor(0x9)).toBe('⟨U+0009⟩');
  });
});
