/**
 * Command-line arguments of `listprep`: parsed and checked up front, so a wrong argument gets one
 * clear line (exit 2) instead of a half-run.
 */
import { parseArgs } from 'node:util';
import type { Channel, KeyName } from '../model.ts';
import { CHANNELS, DEFAULT_REGION, KEY_NAMES, UNIFY_KEYS } from '../model.ts';
import type { Lang } from '../rules/messages.ts';
import { LANGS } from '../rules/messages.ts';
import { DEFAULT_UNIFY_KEYS, type UnifyKey } from '../unify/index.ts';
import { encodingByName, ENCODING_NAMES, type EncodingId } from '../csv/encoding.ts';
import type { ColumnMapping } from '../rules/headers.ts';
import { CUSTOM_PREFIX, TEMPLATES } from '../rules/templates.ts';

/** Every unify key (the default enables all of them: R-P1). */

export interface CheckArgs {
  command: 'check' | 'apply';
  file: string;
  channel?: Channel;
  key?: KeyName;
  region: string;
  /** The file's encoding, when the user names it (R-F5). */
  encoding?: EncodingId;
  /** A workbook's sheet to read (R-F7, `--sheet`). */
  sheet?: string;
  /** Columns mapped to fields or left out (R-H8, `--map`). */
  mapping?: ColumnMapping;
  fields?: string;
  timeZone?: string;
  json: boolean;
  out?: string;
  contacts?: string;
  unify: boolean;
  unifyKeys: UnifyKey[];
  /** Codes whose proposed fixes are accepted before simulating ('all' accepts every fix). */
  fix: string[];
  allRows: boolean;
  splitByCountry: boolean;
  splitEvery?: number;
  lang: Lang;
  /** `apply`: where the simulated snapshot goes. */
  to?: string;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; args: CheckArgs } | { kind: 'error'; message: string };

export const USAGE = `listprep: prepare contact lists for MAAC, offline.

Usage:
  listprep check <file> [options]     report every problem MAAC's import would hit, row by row
  listprep apply <file> --contacts <snapshot.csv> --to <new-snapshot.csv> [options]
                                      replay the import on a contact snapshot and save the result,
                                      so a second file can be replayed on top of the first

Options:
  --channel line|email|whatsapp   the template (detected from the headers when omitted)
  --key line_uid|phone|email|customer_id
                                  the matching key (default: line_uid, email, phone by channel)
  --region TW                     country for national phone numbers (default TW)
  --encoding NAME                 the file's encoding, when detection guessed wrong:
                                  ${(Object.values(ENCODING_NAMES) as readonly (readonly string[])[]).map((names) => names[0]).join(', ')}
  --sheet NAME                    the sheet of an .xlsx workbook to read (default: the
                                  first sheet with rows)
  --map "header=field,…"          read a column as a template field, or leave it out
                                  with "header=-" (e.g. --map "手機=phone,備註=-")
  --fields <defs.csv|defs.json>   custom field definitions (key,type,status)
  --timezone <IANA name>          the file's time zone for date-times (e.g. Asia/Taipei)
  --contacts <snapshot.csv>       existing contacts to replay the import against
  --unify                         preview profile unification and identity conflicts
  --unify-keys k1,k2              unify keys (default: ${DEFAULT_UNIFY_KEYS.join(',')})
  --fix all|code1,code2           accept the proposed fixes of these codes before replaying
  --json                          the full report as JSON on stdout
  --out <dir>                     write the upload-ready file, error report and rejected rows
  --all-rows                      upload-ready file: include rows that would fail or be skipped
  --split-country                 upload-ready file: one file per phone country
  --split-every <N>               upload-ready file: a new file every N rows
  --lang en|zh-TW                 language of messages (default en)
  -h, --help                      this help
  -v, --version                   the version

Exit codes: 0 nothing fails or is skipped; 1 some rows fail or are skipped, or a file-level error;
2 the file cannot be read, the arguments are wrong, or an output would replace an input.`;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined | Error {
  if (value === undefined) return undefined;
  return (allowed as readonly string[]).includes(value) ? (value as T) : new Error(`--${name} must be one of ${allowed.join(', ')} (got "${value}").`);
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every field a column can be mapped to in some template. */
const MAPPABLE_FIELDS: ReadonlySet<string> = new Set(CHANNELS.flatMap((channel) => TEMPLATES[channel].fields.map((f) => f.name)));

/** `--map "header=field,other=-"`: a header may hold "=" (the last one splits); "-" or nothing leaves the column out. */
export function parseMapping(text: string): ColumnMapping | Error {
  const mapping: Record<string, string | null> = Object.create(null) as Record<string, string | null>;
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.lastIndexOf('=');
    if (at <= 0) return new Error(`--map takes header=field pairs separated by commas (got "${pair}").`);
    const header = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (field !== '' && field !== '-' && !MAPPABLE_FIELDS.has(field) && !field.startsWith(CUSTOM_PREFIX)) {
      return new Error(`--map: "${field}" is not a MAAC field; use one of ${[...MAPPABLE_FIELDS].join(', ')}, a cl_custom_ field, or "-" to leave the column out.`);
    }
    mapping[header] = field === '' || field === '-' ? null : field;
  }
  return { ...mapping };
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        channel: { type: 'string' }, key: { type: 'string' }, region: { type: 'string' }, encoding: { type: 'string' }, sheet: { type: 'string' }, map: { type: 'string' }, fields: { type: 'string' },
        timezone: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, contacts: { type: 'string' },
        unify: { type: 'boolean' }, 'unify-keys': { type: 'string' }, fix: { type: 'string' }, 'all-rows': { type: 'boolean' },
        'split-country': { type: 'boolean' }, 'split-every': { type: 'string' }, lang: { type: 'string' }, to: { type: 'string' },
        help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: `${(error as Error).message.split('\n')[0]} Run "listprep --help" for the options.` };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, file, ...extra] = positionals;
  if (command === undefined || command === 'help') return { kind: 'help' };
  if (command !== 'check' && command !== 'apply') return { kind: 'error', message: `Unknown command "${command}". Use "listprep check <file>" or "listprep apply <file>".` };
  if (file === undefined) return { kind: 'error', message: `Missing the file to ${command}: listprep ${command} <file>.` };
  if (extra.length > 0) return { kind: 'error', message: `One file at a time: unexpected "${extra[0]}".` };

  const channel = oneOf(values.channel, CHANNELS, 'channel');
  const key = oneOf(values.key, KEY_NAMES, 'key');
  const lang = oneOf(values.lang, LANGS, 'lang');
  for (const v of [channel, key, lang]) if (v instanceof Error) return { kind: 'error', message: v.message };
  const region = (values.region ?? DEFAULT_REGION).toUpperCase();
  if (!/^[A-Z]{2}$/.test(region)) return { kind: 'error', message: `--region must be a two-letter country code such as TW (got "${values.region}").` };
  const encoding = values.encoding === undefined ? undefined : encodingByName(values.encoding);
  if (values.encoding !== undefined && encoding === undefined) {
    return { kind: 'error', message: `--encoding must be one of ${Object.values(ENCODING_NAMES).map((names) => names[0]).join(', ')} (got "${values.encoding}").` };
  }
  if (values.sheet !== undefined && values.sheet.trim() === '') return { kind: 'error', message: '--sheet needs the name of a sheet (e.g. --sheet "Contacts").' };
  const mapping = values.map === undefined ? undefined : parseMapping(values.map);
  if (mapping instanceof Error) return { kind: 'error', message: mapping.message };
  if (values.timezone !== undefined && !isTimeZone(values.timezone)) return { kind: 'error', message: `--timezone must be an IANA time zone such as Asia/Taipei (got "${values.timezone}").` };
  const unifyKeys = values['unify-keys'] === undefined ? [...DEFAULT_UNIFY_KEYS] : values['unify-keys'].split(',').map((k) => k.trim()).filter(Boolean);
  const badKey = unifyKeys.find((k) => !(UNIFY_KEYS as readonly string[]).includes(k));
  if (badKey !== undefined) return { kind: 'error', message: `--unify-keys: "${badKey}" is not a unify key; use ${UNIFY_KEYS.join(', ')}.` };
  let splitEvery: number | undefined;
  if (values['split-every'] !== undefined) {
    splitEvery = Number(values['split-every']);
    if (!Number.isInteger(splitEvery) || splitEvery < 1) return { kind: 'error', message: `--split-every must be a whole number of rows, 1 or more (got "${values['split-every']}").` };
  }
  if (command === 'apply' && (values.contacts === undefined || values.to === undefined)) {
    return { kind: 'error', message: 'apply needs --contacts <snapshot.csv> and --to <new-snapshot.csv>.' };
  }
  return {
    kind: 'run',
    args: {
      command, file, channel: channel as Channel | undefined, key: key as KeyName | undefined, region, encoding, sheet: values.sheet, mapping,
      fields: values.fields, timeZone: values.timezone, json: values.json === true, out: values.out,
      contacts: values.contacts, unify: values.unify === true || values['unify-keys'] !== undefined,
      unifyKeys: unifyKeys as UnifyKey[], fix: values.fix === undefined ? [] : values.fix.split(',').map((c) => c.trim()).filter(Boolean),
      allRows: values['all-rows'] === true, splitByCountry: values['split-country'] === true, splitEvery,
      lang: (lang as Lang | undefined) ?? 'en', to: values.to,
    },
  };
}
