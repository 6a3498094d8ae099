/**
 * docs/rules.md, made from the issue-code registry (`npm run docs`): every code with its rule,
 * severity, label and message in both languages, so the reference never drifts from the code.
 */
import { ALL_CODES, CODES, type CodeDefinition } from './codes.ts';

/** `|` and line breaks would end a Markdown table cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The order of RULES sections: reading, headers, values, simulation, unification, snapshots. */
const RULE_ORDER = ['R-F', 'R-H', 'R-V', 'R-M', 'R-U', 'R-E', 'R-W', 'R-L', 'R-P', '§'];

function ruleRank(rule: string): number {
  const rank = RULE_ORDER.findIndex((prefix) => rule.startsWith(prefix));
  return rank === -1 ? RULE_ORDER.length : rank;
}

export function rulesReference(): string {
  const codes = [...ALL_CODES].sort((a, b) => ruleRank(CODES[a].rule) - ruleRank(CODES[b].rule) || CODES[a].rule.localeCompare(CODES[b].rule, 'en', { numeric: true }) || a.localeCompare(b));
  const lines = [
    '# Issue codes',
    '',
    '<!-- Made by `npm run docs` from core/rules/codes.ts; a test fails when this file is stale. Edit the registry, not this file. -->',
    '',
    `Every code ListPrep reports (${codes.length}), with its rule (docs/domain-rules.md), default severity, the label the`,
    'UI shows first, and its message. `{name}` is filled from the issue; the UI and reports prefix the',
    'location ("Row 5, column …"). Some messages have other wordings when a detail is known (listed under them).',
    '',
    '| code | rule | severity | label (en / zh-TW) |',
    '|---|---|---|---|',
    ...codes.map((code) => {
      const d = CODES[code] as CodeDefinition;
      return `| \`${code}\` | ${d.rule} | ${d.severity} | ${cell(d.label.en)} / ${cell(d.label.zhTW)} |`;
    }),
    '',
    '## Messages',
    '',
  ];
  for (const code of codes) {
    const d = CODES[code] as CodeDefinition;
    lines.push(`### \`${code}\``, '', `${d.rule} · ${d.severity} · ${d.scope === 'row' ? 'a row' : 'the file'}`, '', `- en: ${d.en}`, `- zh-TW: ${d.zhTW}`);
    for (const variant of d.variants ?? []) lines.push(`- with \`{${variant.when}}\`, en: ${variant.en}`, `- with \`{${variant.when}}\`, zh-TW: ${variant.zhTW}`);
    lines.push('');
  }
  return lines.join('\n');
}
