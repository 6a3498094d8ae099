/**
 * Picks the legacy (non-Unicode) encoding of a byte sample that is not valid UTF-8, among the
 * encodings our users' spreadsheets save (RULES.md R-F1): Big5, GB18030, Shift_JIS, Windows-874,
 * Windows-1252.
 *
 * Each candidate decodes the sample and is scored by how plausible the non-ASCII text is:
 * characters that are common in the candidate's script count for it; replacement characters, C1
 * controls, private-use characters and misplaced Thai marks count against it; Western letters count
 * only in short runs, Thai letters only outside long consonant runs. chardet's
 * confidence adds a small bonus that only separates near ties. A Big5/GB18030 tie goes to Big5:
 * our users are mostly in Taiwan.
 */
import iconv from 'iconv-lite';
import chardet from 'chardet';

export type LegacyEncodingId = 'big5' | 'gb18030' | 'shift_jis' | 'windows-874' | 'windows-1252';

/** In tie-break order. */
export const LEGACY_ENCODINGS: readonly LegacyEncodingId[] = ['big5', 'gb18030', 'shift_jis', 'windows-874', 'windows-1252'];

/** iconv-lite's names. `big5` there is Big5-HKSCS, a superset of CP950 (Windows' Big5). */
export const ICONV_NAMES: Record<LegacyEncodingId, string> = {
  big5: 'big5',
  gb18030: 'gb18030',
  shift_jis: 'shiftjis',
  'windows-874': 'windows874',
  'windows-1252': 'windows1252',
};

const CHARDET_NAMES = new Map<string, LegacyEncodingId>([
  ['Big5', 'big5'],
  ['GB18030', 'gb18030'],
  ['Shift_JIS', 'shift_jis'],
  ['windows-874', 'windows-874'],
  ['windows-1252', 'windows-1252'],
  ['ISO-8859-1', 'windows-1252'],
]);

const CHARDET_WEIGHT = 0.05;
const BIG5_TIE_MARGIN = 0.03;
const BAD_WEIGHT = 2;
/** Longest run of non-ASCII characters still plausible in Western text ("Ä“", "ßü"). */
const WESTERN_MAX_RUN = 3;
/**
 * Longest run of Thai consonants with no vowel or mark between them that still reads as Thai
 * (ธนพล has four). Chinese text read as Windows-874 is mostly consonants in long runs.
 */
const THAI_MAX_CONSONANT_RUN = 4;
/**
 * Thai bytes (0xA1–0xFB) also pair up into valid Chinese characters. Text that reads as Thai with
 * no misplaced mark and a natural share of vowels and marks (about a third in real text) gets a
 * bonus, so short Thai names are not taken for Chinese.
 */
const THAI_MIN_VOWEL_SHARE = 0.15;
const THAI_STRUCTURE_BONUS = 0.1;

export interface CandidateScore {
  id: LegacyEncodingId;
  /** Plausibility of the decoded text, from −2 (all garbage) to 1 (all expected characters; 1.1 for well-formed Thai). */
  score: number;
  /** chardet's confidence, 0–100 (0 when it did not propose this encoding). */
  chardet: number;
}

export function scoreLegacyCandidates(sample: Uint8Array): CandidateScore[] {
  const confidence = new Map<LegacyEncodingId, number>();
  for (const match of safeAnalyse(sample)) {
    const id = CHARDET_NAMES.get(match.name);
    if (id !== undefined && (confidence.get(id) ?? 0) < match.confidence) confidence.set(id, match.confidence);
  }
  return LEGACY_ENCODINGS.map((id) => ({
    id,
    score: scoreDecodedText(id, iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), ICONV_NAMES[id])),
    chardet: confidence.get(id) ?? 0,
  }));
}

/**
 * A reading at least this plausible, and within ALTERNATIVE_MARGIN of the best, is another fit worth
 * naming (R-F5): tiny files give the scorer little to go on.
 */
const ALTERNATIVE_MIN_SCORE = 0.5;
const ALTERNATIVE_MARGIN = 0.4;

/** The most plausible encoding of the sample, and the others that read it about as well (best first). */
export function rankLegacyEncodings(sample: Uint8Array): { best: LegacyEncodingId; alternatives: LegacyEncodingId[] } {
  const scores = scoreLegacyCandidates(sample);
  const best = pickBest(scores, sample);
  const top = scores.find((s) => s.id === best)!.score;
  const alternatives = scores
    .filter((s) => s.id !== best && s.score >= ALTERNATIVE_MIN_SCORE && s.score >= top - ALTERNATIVE_MARGIN)
    .sort((a, b) => total(b) - total(a))
    .map((s) => s.id);
  return { best, alternatives };
}

function pickBest(scores: readonly CandidateScore[], sample: Uint8Array): LegacyEncodingId {
  let best = scores[0];
  for (const candidate of scores) {
    if (total(candidate) > total(best)) best = candidate;
  }
  if (best.id === 'gb18030' || best.id === 'big5') {
    const big5 = scores.find((s) => s.id === 'big5')!;
    const gb = scores.find((s) => s.id === 'gb18030')!;
    if (Math.abs(big5.score - gb.score) <= BIG5_TIE_MARGIN) return onlyHighTrailBytes(sample) ? 'gb18030' : 'big5';
  }
  return best.id;
}

/**
 * Big5 writes about two characters in five with a second byte in 0x40–0x7E; GB2312 (the common
 * part of GB18030) never does. A tie between the two readings goes to GB18030 when at least
 * GB_MIN_PAIRS two-byte characters all have a high second byte, else to Big5 (most users are in Taiwan).
 */
const GB_MIN_PAIRS = 2;

function onlyHighTrailBytes(sample: Uint8Array): boolean {
  let pairs = 0;
  for (let i = 0; i + 1 < sample.length; i++) {
    if (sample[i] < 0x81) continue;
    const trail = sample[++i];
    if (trail < 0xa1) return false;
    pairs++;
  }
  return pairs >= GB_MIN_PAIRS;
}

function total(candidate: CandidateScore): number {
  return candidate.score + (CHARDET_WEIGHT * candidate.chardet) / 100;
}

function safeAnalyse(sample: Uint8Array): { name: string; confidence: number }[] {
  try {
    return chardet.analyse(sample);
  } catch {
    return [];
  }
}

/** Scores the non-ASCII characters of `text` as text written in encoding `id`. */
export function scoreDecodedText(id: LegacyEncodingId, text: string): number {
  let good = 0;
  let bad = 0;
  let count = 0;
  let previous = 0;
  let thaiLetters = 0;
  let thaiVowels = 0;
  const chars = Array.from(text);
  const runs = id === 'windows-1252' ? nonAsciiRuns(chars) : undefined;
  const consonantRuns = id === 'windows-874' ? thaiConsonantRuns(chars) : undefined;
  for (let index = 0; index < chars.length; index++) {
    const c = chars[index].codePointAt(0)!;
    const before = previous;
    previous = c;
    if (c < 0x80) continue;
    count++;
    if (c === 0xfffd || (c >= 0x80 && c <= 0x9f) || (c >= 0xe000 && c <= 0xf8ff)) {
      bad++;
      continue;
    }
    switch (id) {
      case 'big5':
        if (commonTraditional().has(c) || isCjkSymbol(c)) good++;
        break;
      case 'gb18030':
        if (commonSimplified().has(c) || isCjkSymbol(c)) good++;
        break;
      case 'shift_jis':
        if ((c >= 0x3041 && c <= 0x30ff) || commonKanji().has(c) || isCjkSymbol(c)) good++;
        break;
      case 'windows-874':
        if (c >= 0x0e01 && c <= 0x0e5b) {
          thaiLetters++;
          if (!isThaiConsonant(c)) thaiVowels++;
          const after = index + 1 < chars.length ? chars[index + 1].codePointAt(0)! : 0;
          if (!isWellPlacedThai(c, before, after)) bad++;
          else if (!isAsciiLetterOrSymbol(before) && !isAsciiLetterOrSymbol(after) && consonantRuns![index] <= THAI_MAX_CONSONANT_RUN) good++;
        } else if (isWesternPunctuation(c)) good++;
        break;
      case 'windows-1252':
        if ((isWesternLetter(c) || isWesternPunctuation(c)) && runs![index] <= WESTERN_MAX_RUN) good++;
        break;
    }
  }
  if (count === 0) return 0;
  const thaiVowelShare = thaiLetters === 0 ? 0 : thaiVowels / thaiLetters;
  const score = (good - BAD_WEIGHT * bad) / count;
  return id === 'windows-874' && bad === 0 && thaiVowelShare >= THAI_MIN_VOWEL_SHARE ? score + THAI_STRUCTURE_BONUS : score;
}

function isCjkSymbol(c: number): boolean {
  return (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff5e) || (c >= 0xffe0 && c <= 0xffe6);
}

/**
 * ASCII 0x40–0x7E (letters, @ [ \\ ] ^ _ ` { | } ~): the second byte of many Big5/GBK characters.
 * Real Thai text is rarely glued to them; Chinese text read as Windows-874 constantly is.
 */
const isAsciiLetterOrSymbol = (c: number): boolean => c >= 0x40 && c <= 0x7e;

const isThaiConsonant = (c: number): boolean => c >= 0x0e01 && c <= 0x0e2e;
/** Vowel signs written above or below a consonant. */
const isThaiUpperLowerVowel = (c: number): boolean => c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a);
/** Tone marks and other signs written above: after a consonant or an upper/lower vowel. */
const isThaiToneMark = (c: number): boolean => c >= 0x0e47 && c <= 0x0e4e;
/** เ แ โ ใ ไ: written before the consonant they follow in speech. */
const isThaiLeadingVowel = (c: number): boolean => c >= 0x0e40 && c <= 0x0e44;
/** ะ า ำ ๅ: written after a consonant (or its marks). */
const isThaiFollowingVowel = (c: number): boolean => c === 0x0e30 || c === 0x0e32 || c === 0x0e33 || c === 0x0e45;

/**
 * Thai spelling constraints that random bytes (Chinese text read as Windows-874) break at once:
 * marks sit on a consonant, leading vowels precede one, following vowels come after one.
 */
function isWellPlacedThai(c: number, before: number, after: number): boolean {
  // Mai han-akat closes on a consonant: a syllable never ends on it (กัน, กั้น).
  if (c === 0x0e31) return isThaiConsonant(before) && (isThaiConsonant(after) || isThaiToneMark(after));
  if (isThaiUpperLowerVowel(c)) return isThaiConsonant(before);
  if (isThaiToneMark(c)) return isThaiConsonant(before) || (isThaiUpperLowerVowel(before) && before !== 0x0e3a);
  if (isThaiLeadingVowel(c)) return isThaiConsonant(after);
  if (isThaiFollowingVowel(c)) return isThaiConsonant(before) || isThaiUpperLowerVowel(before) || isThaiToneMark(before);
  // Thai digits stand among digits, never glued to letters; obsolete letters and signs are not written today.
  if (isThaiDigit(c)) return !isThaiLetterOrMark(before) && !isThaiLetterOrMark(after);
  return !THAI_OBSOLETE.has(c);
}

const isThaiDigit = (c: number): boolean => c >= 0x0e50 && c <= 0x0e59;
const isThaiLetterOrMark = (c: number): boolean => c >= 0x0e01 && c <= 0x0e4e;
/** ฃ ฅ ฦ ๏ ๚ ๛: out of use in modern Thai; frequent in Chinese text read as Windows-874. */
const THAI_OBSOLETE = new Set([0x0e03, 0x0e05, 0x0e26, 0x0e4f, 0x0e5a, 0x0e5b]);

function isWesternLetter(c: number): boolean {
  if (c >= 0xc0 && c <= 0xff) return c !== 0xd7 && c !== 0xf7;
  return c === 0x152 || c === 0x153 || c === 0x160 || c === 0x161 || c === 0x178 || c === 0x17d || c === 0x17e || c === 0x192;
}

/** Punctuation Windows code pages put in 0x80–0x9F: quotes, dashes, ellipsis, bullet, euro, ™. */
function isWesternPunctuation(c: number): boolean {
  return (
    c === 0x2013 || c === 0x2014 || (c >= 0x2018 && c <= 0x201e) || (c >= 0x2020 && c <= 0x2022) ||
    c === 0x2026 || c === 0x2030 || c === 0x2039 || c === 0x203a || c === 0x20ac || c === 0x2122
  );
}

/** For each character, the length of the run of Thai consonants it belongs to (0 for others). */
function thaiConsonantRuns(chars: readonly string[]): Uint32Array {
  const runs = new Uint32Array(chars.length);
  let start = 0;
  for (let index = 0; index <= chars.length; index++) {
    if (index < chars.length && isThaiConsonant(chars[index].codePointAt(0)!)) continue;
    runs.fill(index - start, start, index);
    start = index + 1;
  }
  return runs;
}

/** For each character, the length of the run of consecutive non-ASCII characters it belongs to (0 for ASCII). */
function nonAsciiRuns(chars: readonly string[]): Uint32Array {
  const runs = new Uint32Array(chars.length);
  let start = 0;
  for (let index = 0; index <= chars.length; index++) {
    if (index < chars.length && chars[index].charCodeAt(0) >= 0x80) continue;
    runs.fill(index - start, start, index);
    start = index + 1;
  }
  return runs;
}

// Common characters of each script, derived from the encodings' own "level 1" ranges, so no
// frequency table has to be shipped: Big5 A440–C67E (5,401 frequent Traditional characters),
// GB2312 B0A1–D7F9 (3,755 frequent Simplified characters), JIS X 0208 level 1 (889F–9872 in Shift_JIS).

let traditional: Set<number> | undefined;
let simplified: Set<number> | undefined;
let kanji: Set<number> | undefined;

function commonTraditional(): Set<number> {
  return (traditional ??= decodePairs('big5', 0xa4, 0xc6, (lead, trail) =>
    (trail >= 0x40 && trail <= 0x7e) || (lead < 0xc6 && trail >= 0xa1 && trail <= 0xfe)));
}

function commonSimplified(): Set<number> {
  return (simplified ??= decodePairs('gb18030', 0xb0, 0xd7, (_lead, trail) => trail >= 0xa1 && trail <= 0xfe));
}

function commonKanji(): Set<number> {
  return (kanji ??= decodePairs('shiftjis', 0x88, 0x98, (lead, trail) =>
    trail >= 0x40 && trail <= 0xfc && trail !== 0x7f && !(lead === 0x88 && trail < 0x9f) && !(lead === 0x98 && trail > 0x72)));
}

/** Decodes every accepted two-byte code at once (one per line) and keeps the Han characters. */
function decodePairs(encoding: string, firstLead: number, lastLead: number, accept: (lead: number, trail: number) => boolean): Set<number> {
  const bytes: number[] = [];
  for (let lead = firstLead; lead <= lastLead; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (accept(lead, trail)) bytes.push(lead, trail, 0x0a);
  }
  const set = new Set<number>();
  for (const text of iconv.decode(Buffer.from(bytes), encoding).split('\n')) {
    const c = text.codePointAt(0);
    if (text.length === 1 && c !== undefined && c >= 0x3400 && c !== 0xfffd && !(c >= 0xe000 && c <= 0xf8ff)) set.add(c);
  }
  return set;
}
