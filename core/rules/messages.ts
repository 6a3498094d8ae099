/**
 * Renders issue messages in the user's language. One implementation, used by the CLI, the reports
 * and the renderer (which re-renders stored issues from their code and params when the language changes).
 */
import { CODES, isIssueCode, type CodeDefinition } from './codes.ts';
import { ENCODING_LABELS, type EncodingId, type MessageParams } from '../model.ts';

export type Lang = 'en' | 'zh-TW';
export const LANGS: readonly Lang[] = ['en', 'zh-TW'];

/** Replaces `{name}` placeholders; an unknown placeholder is left visible rather than silently dropped. */
export function interpolate(template: string, params: MessageParams): string {
  // Templates are split once into text and placeholders: a message is then a few concatenations
  // (the same result as replacing /\{(\w+)\}/g, which a property test checks).
  const parts = compiled(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    out += (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : `{${name}}`) + parts[i + 1];
  }
  return out;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const compiledTemplates = new Map<string, string[]>();

/** `[text, name, text, name, …, text]`: the template cut at its placeholders. */
function compiled(template: string): string[] {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = [];
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      parts.push(template.slice(last, match.index), match[1]);
      last = match.index + match[0].length;
    }
    parts.push(template.slice(last));
    // Templates come from the code registry; anything else (an unbounded set) is not kept.
    if (compiledTemplates.size < 10_000) compiledTemplates.set(template, parts);
  }
  return parts;
}

/** The regular-expression definition `interpolate` implements (for tests). */
export function interpolateByPattern(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * The fixed English phrases some params carry (delimiter names, why a file is empty or binary,
 * encoding labels), in Traditional Chinese. Values not listed (cell values, codes) stay as they are.
 */
const PARAM_PHRASES_ZH_TW: Readonly<Record<string, string>> = {
  semicolons: '分號（;）',
  tabs: 'Tab 字元',
  'vertical bars': '直線（|）',
  'is empty': '是空的',
  'has only a header row': '只有標題列',
  'it contains NUL bytes': '含有 NUL 位元組',
  'it is a folder, not a file': '這是資料夾，不是檔案',
  'it is a device, not a file': '這是裝置，不是檔案',
  'it is a pipe, not a file': '這是管道（pipe），不是檔案',
  'it is a socket, not a file': '這是 socket，不是檔案',
  'it is not a regular file': '這不是一般檔案',
  'permission denied': '沒有讀取權限',
  'it was moved or deleted': '檔案已被移動或刪除',
  'it is locked by another program': '檔案被其他程式鎖定',
  'the path is too long': '路徑太長',
  'it is a link that points to itself': '這是指向自己的連結',
  'too many files are open': '開啟的檔案太多',
  'the disk reported a read error': '磁碟回報讀取錯誤',
  'it contains mostly non-text bytes': '大部分是非文字位元組',
  'it is a picture (PNG)': '這是一張圖片（PNG）',
  'it is a picture (JPEG)': '這是一張圖片（JPEG）',
  'it is a picture (GIF)': '這是一張圖片（GIF）',
  'it is a picture (WebP)': '這是一張圖片（WebP）',
  'it is a PDF document': '這是 PDF 文件',
  'it is a zip archive': '這是壓縮檔',
  'it is an Excel workbook (.xls)': '這是 Excel 活頁簿（.xls）',
  'Big5 (Traditional Chinese)': 'Big5（繁體中文）',
  'GB18030 (Simplified Chinese)': 'GB18030（簡體中文）',
  'Shift_JIS (Japanese)': 'Shift_JIS（日文）',
  'Windows-874 (Thai)': 'Windows-874（泰文）',
  'Windows-1252 (Western European)': 'Windows-1252（西歐語系）',
  'UTF-16 LE': 'UTF-16 LE',
  'UTF-16 BE': 'UTF-16 BE',
  'UTF-8': 'UTF-8',
  // R-F7 workbooks
  'Excel workbook (.xlsx)': 'Excel 活頁簿（.xlsx）',
  'an Excel 97–2003 workbook (.xls)': '「Excel 97–2003 活頁簿（.xls）」',
  'an Excel binary workbook (.xlsb)': '「Excel 二進位活頁簿（.xlsb）」',
  'an OpenDocument spreadsheet (.ods)': '「OpenDocument 試算表（.ods）」',
  'it is protected with a password': '設有密碼保護',
  'a password': '密碼',
  'the zip inside it is empty': '其中的壓縮內容是空的',
  'it is incomplete or damaged: its zip directory is missing': '檔案不完整或已損壞：缺少壓縮目錄',
  'it has no workbook part (xl/workbook.xml)': '缺少活頁簿部分（xl/workbook.xml）',
  'it is incomplete (cut off before its end)': '檔案不完整（在結尾前被截斷）',
  'its contents are damaged': '內容已損壞',
  'a part of it is too large': '其中一部分過大',
  'a part of it is compressed in a way ListPrep does not read': '其中一部分使用了 ListPrep 無法讀取的壓縮方式',
};

const isPhrase = (text: string) => Object.prototype.hasOwnProperty.call(PARAM_PHRASES_ZH_TW, text);

/** A phrase, or a list of phrases joined by ", " (alternatives), in Traditional Chinese. */
function localizedPhrase(value: string): string | undefined {
  if (isPhrase(value)) return PARAM_PHRASES_ZH_TW[value];
  const parts = value.split(', ');
  return parts.length > 1 && parts.every(isPhrase) ? parts.map((p) => PARAM_PHRASES_ZH_TW[p]).join('、') : undefined;
}

function localizeParams(params: MessageParams, lang: Lang): MessageParams {
  if (lang !== 'zh-TW') return params;
  const out: MessageParams = {};
  for (const [name, value] of Object.entries(params)) out[name] = (typeof value === 'string' ? localizedPhrase(value) : undefined) ?? value;
  return out;
}

export interface MessageLocation {
  row?: number;
  column?: string;
}

function locationPrefix(location: MessageLocation, lang: Lang): string {
  if (location.row === undefined) return '';
  if (lang === 'zh-TW') {
    return `第 ${location.row} 列${location.column !== undefined ? `「${location.column}」欄` : ''}：`;
  }
  return `Row ${location.row}${location.column !== undefined ? `, column "${location.column}"` : ''}: `;
}

/** The full message of an issue: where it is, what is wrong, what to do. */
export function formatIssueMessage(code: string, params: MessageParams, lang: Lang = 'en', location: MessageLocation = {}): string {
  if (!isIssueCode(code)) return `${locationPrefix(location, lang)}${code}`;
  const definition: CodeDefinition = CODES[code];
  const wording = definition.variants?.find((v) => Object.prototype.hasOwnProperty.call(params, v.when)) ?? definition;
  const template = lang === 'zh-TW' ? wording.zhTW : wording.en;
  return locationPrefix(location, lang) + interpolate(template, localizeParams(params, lang));
}

/** A code's short label ("Leading 0 lost"); a code this build does not know is its own label. */
export function issueLabel(code: string, lang: Lang): string {
  if (!isIssueCode(code)) return code;
  const { label } = CODES[code] as CodeDefinition;
  return lang === 'zh-TW' ? label.zhTW : label.en;
}

/** An encoding in words, in the user's language (the file card's encoding choice). */
export function encodingLabel(id: EncodingId, lang: Lang): string {
  const label = ENCODING_LABELS[id];
  return lang === 'zh-TW' ? (localizedPhrase(label) ?? label) : label;
}

/** An issue's message in another language, from its code, location and params (the Issue keeps them). */
export function issueMessage(
  issue: { code: string; row?: number; column?: string; field?: string; value?: string; fix?: string; params?: MessageParams },
  lang: Lang,
): string {
  const params: MessageParams = {};
  if (issue.value !== undefined) params.value = issue.value;
  if (issue.fix !== undefined) params.fix = issue.fix;
  if (issue.column !== undefined) params.column = issue.column;
  if (issue.field !== undefined) params.field = issue.field;
  Object.assign(params, issue.params);
  return formatIssueMessage(issue.code, params, lang, { row: issue.row, column: issue.column });
}
