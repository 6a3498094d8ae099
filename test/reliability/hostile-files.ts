/**
 * Hostile inputs, generated into a folder: files a user (or an attacker) could hand ListPrep.
 * Each writes the list to check and, where the case needs them, a contact snapshot and field
 * definitions. Generated, never committed, so the repository holds no 30 MB fixture.
 */
import fs from 'node:fs';
import path from 'node:path';
import { random } from '../bench/generate.ts';

export interface HostileFiles {
  list: string;
  contacts?: string;
  fields?: string;
}

export interface HostileCase {
  name: string;
  make(dir: string): HostileFiles;
  /** The channel to pass (else detected). */
  channel?: 'line' | 'email' | 'whatsapp';
}

const LINE_UID = (i: number) => `U${i.toString(16).padStart(32, '0')}`;
const write = (dir: string, name: string, data: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

function randomBytes(seed: number, length: number): Buffer {
  const r = random(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(r() * 256);
  return bytes;
}

/** The names JavaScript objects treat specially. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'prototype'] as const;

export const HOSTILE_CASES: HostileCase[] = [
  { name: 'random bytes', make: (dir) => ({ list: write(dir, 'random.csv', randomBytes(7, 64 * 1024)) }) },
  {
    name: 'NUL bytes inside a CSV (one in a cell, then a run as a crashed save leaves)',
    make: (dir) => {
      const rows = Array.from({ length: 50 }, (_, i) => `${LINE_UID(i)},name ${i}\n`).join('');
      return { list: write(dir, 'nul.csv', Buffer.concat([Buffer.from(`line_uid,name\n${rows}`), Buffer.from('U1,A\0B\n'), Buffer.alloc(4096)])) };
    },
  },
  {
    // Two NULs at odd offsets in 21 bytes look like UTF-16 LE; read that way the file has no line break.
    name: 'a tiny CSV with two NUL bytes',
    make: (dir) => ({ list: write(dir, 'nul-tiny.csv', Buffer.from('line_uid,name\nU\x001,A\x00\n', 'latin1')) }),
  },
  { name: 'a UTF-8 BOM alone', make: (dir) => ({ list: write(dir, 'bom.csv', Buffer.from([0xef, 0xbb, 0xbf])) }) },
  { name: 'a UTF-16 BOM alone', make: (dir) => ({ list: write(dir, 'bom16.csv', Buffer.from([0xff, 0xfe])) }) },
  { name: 'a header alone', make: (dir) => ({ list: write(dir, 'header.csv', 'line_uid,phone,name\r\n') }) },
  { name: 'a header alone, BOM, no newline', make: (dir) => ({ list: write(dir, 'header-bom.csv', '\uFEFFline_uid,phone,name') }) },
  {
    name: 'invalid UTF-8 (overlong, lone continuation, cut sequence)',
    make: (dir) => ({
      list: write(dir, 'bad-utf8.csv', Buffer.concat([
        Buffer.from('line_uid,name,note\n'),
        Buffer.from(`${LINE_UID(1)},`), Buffer.from([0xc0, 0xaf, 0x41]), Buffer.from(',ok\n'),
        Buffer.from(`${LINE_UID(2)},`), Buffer.from([0x80, 0x80]), Buffer.from(',x\n'),
        Buffer.from(`${LINE_UID(3)},陳`), Buffer.from([0xe6, 0x97]), Buffer.from(',y\n'),
      ])),
    }),
  },
  {
    name: 'an unterminated quote at the very start',
    make: (dir) => ({ list: write(dir, 'quote-start.csv', `"line_uid,name\n${LINE_UID(1)},Ann\n${LINE_UID(2)},Bo\n`) }),
  },
  {
    name: 'an unterminated quote in the first data row',
    make: (dir) => ({ list: write(dir, 'quote-row.csv', `line_uid,name\n"${LINE_UID(1)},Ann\n${LINE_UID(2)},Bo\n`) }),
  },
  {
    name: 'a single 30 MB line (no newline at all)',
    make: (dir) => ({ list: write(dir, 'one-line.csv', 'line_uid,' + 'x'.repeat(30 * 1024 * 1024)) }),
  },
  {
    name: 'a 30 MB data line after the header',
    make: (dir) => ({ list: write(dir, 'long-row.csv', `line_uid,name,note\n${LINE_UID(1)},${'長'.repeat(10 * 1024 * 1024)},x\n${LINE_UID(2)},Bo,y\n`) }),
  },
  {
    name: 'a 2 MB quoted cell full of commas and newlines',
    make: (dir) => {
      const cell = ',\n,\r\n"",'.repeat(2 * 1024 * 1024 / 8);
      return { list: write(dir, 'big-cell.csv', `line_uid,note,name\n${LINE_UID(1)},"${cell}",Ann\n${LINE_UID(2)},short,Bo\n`) };
    },
  },
  {
    name: 'a 10,000-column header',
    make: (dir) => {
      const header = ['line_uid', ...Array.from({ length: 9_999 }, (_, i) => `col${i}`)];
      const row = [LINE_UID(1), ...Array.from({ length: 9_999 }, (_, i) => String(i))];
      return { list: write(dir, 'wide.csv', `${header.join(',')}\n${row.join(',')}\n`) };
    },
  },
  {
    name: '__proto__, constructor and prototype as headers and values (list, snapshot, field definitions)',
    make: (dir) => {
      const header = ['line_uid', 'name', ...PROTO_NAMES, ...PROTO_NAMES.map((n) => `cl_custom_${n}`), 'tags', 'customer_id', 'email'];
      const rows = PROTO_NAMES.map((n, i) => [LINE_UID(i + 1), n, n, n, n, n, '12', n, `"${n},${n}"`, n, `${n}@example.com`]);
      // The last row fails (cl_custom_constructor is a Number field): its values still travel into the reports.
      rows.push([LINE_UID(9), '"{""__proto__"":{""polluted"":1}}"', '__proto__.polluted', 'constructor.prototype.polluted', '[object Object]', '__proto__', 'constructor', 'z', '"toString,valueOf,hasOwnProperty"', 'hasOwnProperty', 'a@b.co']);
      const list = write(dir, 'proto.csv', [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
      const contacts = write(dir, 'proto-snapshot.csv', [
        ['contact_id', 'channel', 'line_uid', 'customer_id', 'name', 'tags', '__proto__', 'constructor', 'prototype', 'cl_custom___proto__', 'created_at'].join(','),
        ['__proto__', 'line', LINE_UID(1), '__proto__', '__proto__', '__proto__', '__proto__', 'constructor', 'prototype', '__proto__', '2024-01-01 00:00:00'].join(','),
        ['constructor', '__proto__', LINE_UID(2), 'constructor', 'constructor', 'constructor', 'x', 'y', 'z', 'constructor', '2024-01-02 00:00:00'].join(','),
        ['prototype', 'line', LINE_UID(3), 'prototype', 'prototype', 'prototype', 'x', 'y', 'z', 'prototype', 'constructor'].join(','),
        ['hasOwnProperty', 'constructor', LINE_UID(4), 'toString', 'valueOf', '', '', '', '', '', ''].join(','),
      ].join('\n') + '\n');
      const fields = write(dir, 'proto-fields.csv', ['key,type,status', '__proto__,text,active', 'constructor,number,active', 'prototype,date,archived', 'toString,__proto__,constructor'].join('\n') + '\n');
      return { list, contacts, fields };
    },
  },
  {
    name: '__proto__ in JSON field definitions',
    make: (dir) => {
      const list = write(dir, 'proto-json.csv', `line_uid,cl_custom___proto__,cl_custom_constructor\n${LINE_UID(1)},1,2\n`);
      const fields = write(dir, 'proto-fields.json', '[{"key":"__proto__","type":"text","status":"active","__proto__":{"polluted":1}},{"key":"constructor","type":"number"},{"__proto__":{"isAdmin":true},"key":"prototype","type":"date"},{"constructor":{"prototype":{"polluted":1}}}]');
      return { list, fields };
    },
  },
  {
    name: 'mixed line endings (CRLF, LF, lone CR)',
    make: (dir) => ({ list: write(dir, 'mixed-eol.csv', `line_uid,name,note\r\n${LINE_UID(1)},Ann,"a\rb"\n${LINE_UID(2)},Bo,c\r${LINE_UID(3)},Cy,"d\r\ne"\r\n\r\n${LINE_UID(4)},Di,f`) }),
  },
  {
    name: 'Windows-1252 smart quotes',
    make: (dir) => {
      const quote = (s: string) => Buffer.concat([Buffer.from([0x93]), Buffer.from(s, 'latin1'), Buffer.from([0x94])]);
      return {
        list: write(dir, 'cp1252.csv', Buffer.concat([
          Buffer.from('line_uid,name,note\r\n'),
          Buffer.from(`${LINE_UID(1)},`), quote('Ren\xe9e'), Buffer.from(','), Buffer.from([0x91]), Buffer.from('it'), Buffer.from([0x92]), Buffer.from('s \x85\r\n', 'latin1'),
          Buffer.from(`${LINE_UID(2)},Fran\xe7ois,caf\xe9 \x80 5\r\n`, 'latin1'),
        ])),
      };
    },
  },
  {
    name: 'emoji and bidirectional overrides in names',
    make: (dir) => ({
      list: write(dir, 'bidi.csv', [
        'line_uid,name,note,tags',
        `${LINE_UID(1)},\u202Eevil\u202C 👨‍👩‍👧‍👦,"\u2066isolate\u2069 \u200F\u200E",😀`,
        `${LINE_UID(2)},exe.\u202Egpj,🏳️‍🌈 \uD83D,"\u202D=1+1\u202C"`,
        `${LINE_UID(3)},"\u202E=HYPERLINK(""http://x"")",𝓐𝓑,"\u061C,\u2067"`,
      ].join('\n') + '\n'),
    }),
  },
  {
    name: '100,000 identical rows',
    make: (dir) => {
      const row = `${LINE_UID(1)},0912345678,Ann,a@example.com\n`;
      return { list: write(dir, 'identical.csv', 'line_uid,phone,name,email\n' + row.repeat(100_000)) };
    },
  },
];
