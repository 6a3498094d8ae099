/**
 * R-V3 email addresses: one practical syntax, case, and likely misspelt common domains.
 * MAAC also checks each domain's mail records online; ListPrep is offline and cannot.
 */
import type { ValueCheck, ValueFinding } from './types.ts';

export const EMAIL_MAX_LENGTH = 255;

/** Characters never found in a practical local part (quoted local parts are not practical). */
const LOCAL = /^[^\s@,;:<>()[\]\\"]+$/;
/** A domain label: letters (any script, for IDN), digits, inner hyphens. */
const LABEL = /^(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?)$/i;

/** R-V3's practical syntax: local@domain, a domain with a dot, no spaces, no consecutive dots, ≤255. */
export function isPracticalEmail(text: string): boolean {
  return asciiPracticalEmail(text) ?? isPracticalEmailByPattern(text);
}

/** Characters a practical local part never has (LOCAL's excluded ASCII, whitespace aside). */
function isLocalExcluded(code: number): boolean {
  return code === 0x40 || code === 0x2c || code === 0x3b || code === 0x3a || code === 0x3c || code === 0x3e || code === 0x28 ||
    code === 0x29 || code === 0x5b || code === 0x5d || code === 0x5c || code === 0x22;
}

function isAsciiAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/**
 * `isPracticalEmailByPattern`'s verdict for all-ASCII text in one pass over character codes (the
 * shape of nearly every address), or undefined for other text. A property test holds the two equal.
 */
export function asciiPracticalEmail(text: string): boolean | undefined {
  const length = text.length;
  let at = -1;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return undefined;
    if (code === 0x40) {
      if (at !== -1) return false; // a second @
      at = i;
    }
  }
  if (length > EMAIL_MAX_LENGTH || at <= 0) return false;
  // Local part: no whitespace or excluded character, no dot at either end, no `..`.
  if (text.charCodeAt(0) === 0x2e || text.charCodeAt(at - 1) === 0x2e) return false;
  for (let i = 0; i < at; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d) || isLocalExcluded(code)) return false;
    if (code === 0x2e && text.charCodeAt(i + 1) === 0x2e) return false;
  }
  // Domain: at least two labels, each letters and digits with inner hyphens.
  let labels = 0;
  let labelStart = at + 1;
  for (let i = at + 1; i <= length; i++) {
    const code = i === length ? 0x2e : text.charCodeAt(i);
    if (code === 0x2e) {
      if (i === labelStart || text.charCodeAt(labelStart) === 0x2d || text.charCodeAt(i - 1) === 0x2d) return false;
      labels++;
      labelStart = i + 1;
    } else if (!isAsciiAlnum(code) && code !== 0x2d) {
      return false;
    }
  }
  return labels >= 2;
}

/** The regular-expression definition of R-V3's practical syntax (any text). */
export function isPracticalEmailByPattern(text: string): boolean {
  if (text.length > EMAIL_MAX_LENGTH || /\s/.test(text) || text.includes('..')) return false;
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (!LOCAL.test(local) || local.startsWith('.') || local.endsWith('.')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  return labels.every((label) => LABEL.test(label));
}

// --- domain typos -----------------------------------------------------------------------------

/** Popular mailbox domains in ListPrep's markets: what a misspelt domain is compared against. */
const SUGGESTED_DOMAINS: readonly string[] = [
  'gmail.com', 'yahoo.com', 'yahoo.com.tw', 'hotmail.com', 'hotmail.com.tw', 'outlook.com', 'icloud.com',
  'hinet.net', 'pchome.com.tw', 'livemail.tw', 'seed.net.tw', 'so-net.net.tw',
  'yahoo.com.hk', 'yahoo.co.jp', 'protonmail.com', 'googlemail.com',
];

/**
 * Real domains that sit within an edit or two of a suggested one: never flagged. (Any suggested
 * domain is never flagged either.)
 */
const REAL_DOMAINS: ReadonlySet<string> = new Set([
  ...SUGGESTED_DOMAINS,
  'mail.com', 'email.com', 'ymail.com', 'gmx.com', 'gmx.net', 'me.com', 'mac.com', 'msn.com', 'live.com',
  'aol.com', 'qq.com', '163.com', '126.com', 'naver.com', 'cloud.com', 'proton.me', 'hey.com', 'zoho.com',
  'yahoo.ca', 'yahoo.cn', 'yahoo.co.uk', 'yahoo.co.th', 'yahoo.co.id', 'yahoo.co.in', 'yahoo.com.sg',
  'yahoo.com.my', 'yahoo.com.ph', 'yahoo.com.vn', 'yahoo.com.au', 'yahoo.com.cn', 'yahoo.com.ar', 'yahoo.com.br',
  'yahoo.com.mx', 'yahoo.de', 'yahoo.fr', 'yahoo.it', 'yahoo.es', 'yahoo.in',
  'hotmail.co.uk', 'hotmail.co.th', 'hotmail.co.jp', 'hotmail.fr', 'hotmail.de', 'hotmail.it', 'hotmail.es',
  'hotmail.cl', 'hotmail.com.hk', 'hotmail.com.au', 'outlook.jp', 'outlook.fr', 'outlook.de', 'outlook.es',
  'icloud.com.cn', 'ms1.hinet.net', 'example.com', 'example.org', 'example.net',
]);

/** Providers whose mailboxes live on many subdomains (`ms12.hinet.net`): their typos are in the tail. */
const SUFFIX_DOMAINS: readonly string[] = ['hinet.net', 'seed.net.tw', 'so-net.net.tw'];

/** Frequent misspellings more than two edits away. */
const KNOWN_TYPOS: ReadonlyMap<string, string> = new Map([
  ['gmail.com.tw', 'gmail.com'],
  ['gmail.tw', 'gmail.com'],
  ['yahoo.tw', 'yahoo.com.tw'],
  ['yahoo.com.tw.tw', 'yahoo.com.tw'],
]);

/** Top-level labels that are no TLD and are slips for `.com` / `.net`. */
const TLD_TYPOS: ReadonlyMap<string, string> = new Map([
  ...['con', 'cmo', 'ocm', 'comm', 'coom', 'vom', 'xom', 'c0m', 'cpm', 'clm'].map((tld): [string, string] => [tld, 'com']),
  ...['nte', 'ner', 'nett'].map((tld): [string, string] => [tld, 'net']),
]);

/** Optimal-string-alignment distance (edits, with adjacent transpositions counting as one). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, previous2[j - 2] + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length];
}

const lastLabel = (domain: string) => domain.slice(domain.lastIndexOf('.') + 1);
const splitFirstLabel = (domain: string): [string, string] => {
  const dot = domain.indexOf('.');
  return [domain.slice(0, dot), domain.slice(dot + 1)];
};

/**
 * Edits between a domain and a popular one when they look like a slip, else Infinity: one edit
 * anywhere, or two when one is in the provider's name and one in the rest (`gmial.con`). Two edits
 * within the name alone are too often another real company (`hotmart.com` is not `hotmail.com`).
 */
function typoDistance(domain: string, popular: string): number {
  const distance = editDistance(domain, popular, 2);
  if (distance <= 1) return distance;
  if (distance > 2 || !domain.includes('.')) return Infinity;
  const [name, rest] = splitFirstLabel(domain);
  const [popularName, popularRest] = splitFirstLabel(popular);
  return editDistance(name, popularName, 1) <= 1 && editDistance(rest, popularRest, 1) <= 1 ? 2 : Infinity;
}

/**
 * The popular domain `domain` most likely misspells, or undefined. Kept conservative (a warning on a
 * real company's domain is worse than a missed typo): real domains near popular ones are listed and
 * never flagged, and only a unique closest suggestion is made.
 */
export function suggestDomain(domain: string): string | undefined {
  return suggestLowerDomain(domain.toLowerCase());
}

/** suggestDomain of a domain already in lower case. */
function suggestLowerDomain(d: string): string | undefined {
  const known = suggestions.get(d);
  if (known !== undefined) return known === NO_SUGGESTION ? undefined : known;
  // Lists repeat a few domains many times: remember recent answers (cleared whole when full).
  if (suggestions.size >= SUGGESTION_CACHE_SIZE) suggestions.clear();
  const suggestion = computeSuggestion(d);
  suggestions.set(d, suggestion ?? NO_SUGGESTION);
  return suggestion;
}

/** Remembered for a domain with no suggestion (one lookup, not a lookup and a test). */
const NO_SUGGESTION = '';

const SUGGESTION_CACHE_SIZE = 10_000;
const suggestions = new Map<string, string>();

function computeSuggestion(d: string): string | undefined {
  if (REAL_DOMAINS.has(d)) return undefined;
  const known = KNOWN_TYPOS.get(d);
  if (known !== undefined) return known;
  for (const suffix of SUFFIX_DOMAINS) if (d.endsWith('.' + suffix)) return undefined;

  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of SUGGESTED_DOMAINS) {
    const distance = typoDistance(d, candidate);
    if (distance === Infinity) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  if (best !== undefined) return tie ? undefined : best;

  // `ms12.hient.net` → `ms12.hinet.net`: the subdomain is kept, the provider's tail corrected.
  const [head, tail] = splitFirstLabel(d);
  if (tail.includes('.')) {
    for (const suffix of SUFFIX_DOMAINS) if (editDistance(tail, suffix, 1) === 1) return `${head}.${suffix}`;
  }
  const tld = TLD_TYPOS.get(lastLabel(d));
  return tld !== undefined ? d.slice(0, d.lastIndexOf('.') + 1) + tld : undefined;
}

/** R-V3: findings for one email cell; the value is the address as written (matching ignores case). */
/** `text.toLowerCase()`, but the text itself (no new string to make and compare) when it is ASCII without capitals. */
function lowerCased(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x41 && code <= 0x5a) || code > 0x7f) return text.toLowerCase();
  }
  return text;
}

export function checkEmail(raw: string): ValueCheck {
  const text = raw.trim();
  if (!isPracticalEmail(text)) return { findings: [{ code: 'email.invalid' }] };
  const findings: ValueFinding[] = [];
  const lower = lowerCased(text);
  if (lower !== text) findings.push({ code: 'email.case', fix: lower });
  const at = text.indexOf('@');
  const domain = text.slice(at + 1);
  const suggestion = suggestLowerDomain(lower === text ? domain : domain.toLowerCase());
  if (suggestion !== undefined) {
    // Only the domain is corrected: the local part's case is email.case's business.
    findings.push({ code: 'email.domain_typo', fix: `${text.slice(0, at)}@${suggestion}`, params: { domain, suggestion } });
  }
  return { findings, value: text };
}
