/**
 * Realistically messy contact lists for the benchmark (and for large-file tests at smaller sizes):
 * a WhatsApp list with two phone columns where a few percent of values carry spreadsheet damage,
 * and a contact snapshot whose phones overlap the list.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

/** A small deterministic PRNG (mulberry32), so every run measures the same file. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['陳美玲', '林志明', '張雅婷', '王大同', 'Chan Tai Man', 'สมชาย ใจดี', 'Amy Lin', '李小龍', 'Nguyễn Văn A', '黃淑芬'];
const TAGS = ['VIP', '會員', '台北', 'new', '新客', 'line-friend', ''];
const DOMAINS = ['gmail.com', 'yahoo.com.tw', 'hotmail.com', 'example.com', 'msa.hinet.net'];

export function mobile(i: number): string {
  return `09${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`;
}

function damagedPhone(i: number, r: () => number): string {
  const phone = mobile(i);
  const p = r();
  if (p < 0.01) return phone.slice(1); // leading zero lost
  if (p < 0.015) return `8.869${phone.slice(2, 4)}E+11`; // scientific notation
  if (p < 0.03) return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`; // separators
  if (p < 0.05) return `+886${phone.slice(1)}`;
  if (p < 0.052) return '+85261234567'; // another country
  return phone;
}

export function whatsAppRow(i: number, r: () => number): string[] {
  const status = r() < 0.02 ? 'Opted In' : r() < 0.01 ? '' : r() < 0.1 ? 'opted_out' : 'opted_in';
  const birthday = r() < 0.03 ? `${70 + Math.floor(r() * 20)}/0${1 + Math.floor(r() * 9)}/1${Math.floor(r() * 9)}` : `19${70 + Math.floor(r() * 29)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`;
  const email = r() < 0.6 ? `user${i}@${r() < 0.01 ? 'gmial.com' : DOMAINS[Math.floor(r() * DOMAINS.length)]}` : '';
  const tag = r() < 0.02 ? '新客，VIP' : TAGS[Math.floor(r() * TAGS.length)];
  return [
    damagedPhone(i, r), status, NAMES[i % NAMES.length], r() < 0.03 ? 'F' : r() < 0.5 ? 'female' : 'male', `C-${i}`,
    r() < 0.5 ? damagedPhone(i + 1, r) : '', email, birthday, tag,
  ];
}

/**
 * A heavily damaged row (the second bench list): every other row carries two to four kinds of
 * damage, so about half the rows fail with several issues each: impossible or ROC-year dates,
 * unknown statuses, genders in other words, phones that lost their leading zero or went to
 * scientific notation, and numbers of other countries.
 */
export function damagedWhatsAppRow(i: number, r: () => number): string[] {
  const row = whatsAppRow(i, r);
  if (r() >= 0.5) return row;
  const phone = mobile(i);
  const damages = 2 + Math.floor(r() * 3);
  for (let d = 0; d < damages; d++) {
    switch (Math.floor(r() * 6)) {
      case 0: row[0] = phone.slice(1); row[5] = mobile(i + 1).slice(1); break; // leading zeros lost
      case 1: row[7] = r() < 0.5 ? `19${70 + Math.floor(r() * 29)}-13-3${Math.floor(r() * 9)}` : `${70 + Math.floor(r() * 20)}/02/30`; break; // impossible or ROC-year date
      case 2: row[1] = ['Opted In', 'yes', 'subscribed', '訂閱', 'OPTED-OUT'][Math.floor(r() * 5)]; break; // unknown status
      case 3: row[3] = ['F', 'M', '男', '女', 'unknown', 'Female '][Math.floor(r() * 6)]; break; // gender in other words
      case 4: row[0] = ['+85261234567', '+6591234567', '+819012345678', '+12025550123'][Math.floor(r() * 4)]; break; // another country's number
      default: row[5] = `8.869${phone.slice(2, 4)}E+11`; row[6] = `user${i}@gmial.com`; break; // scientific notation, typo domain
    }
  }
  return row;
}

export const WHATSAPP_HEADER = ['WhatsApp_mobile', 'messaging_status', 'display_name', 'gender', 'customer_id', 'mobile', 'email', 'birthday', 'tag'];

function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
}

async function writeLines(file: string, header: readonly string[], rows: number, make: (i: number) => string[]): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(csvLine(header));
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += csvLine(make(i));
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export async function writeWhatsAppList(file: string, rows: number, seed = 1): Promise<void> {
  const r = random(seed);
  await writeLines(file, WHATSAPP_HEADER, rows, (i) => whatsAppRow(i, r));
}

/** The heavily damaged list (`damagedWhatsAppRow`): the second bench list. */
export async function writeDamagedWhatsAppList(file: string, rows: number, seed = 3): Promise<void> {
  const r = random(seed);
  await writeLines(file, WHATSAPP_HEADER, rows, (i) => damagedWhatsAppRow(i, r));
}

/**
 * The same WhatsApp list as an .xlsx workbook (R-F7), written as Excel would store what a user
 * typed: phones and numbers of digits as numbers (so a leading zero is lost, as in the CSV), valid
 * birthdays as dates, the rest as shared strings. Written by exceljs's streaming writer.
 */
export async function writeWhatsAppWorkbook(file: string, rows: number, seed = 1): Promise<void> {
  const r = random(seed);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Contacts');
  sheet.addRow(WHATSAPP_HEADER).commit();
  for (let i = 0; i < rows; i++) {
    const cells: (string | number | Date)[] = whatsAppRow(i, r);
    for (const column of [0, 5]) if (/^\d{8,12}$/.test(cells[column] as string)) cells[column] = Number(cells[column]);
    const birthday = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cells[7] as string);
    if (birthday) cells[7] = new Date(Date.UTC(Number(birthday[1]), Number(birthday[2]) - 1, Number(birthday[3])));
    const row = sheet.addRow(cells);
    if (birthday) row.getCell(8).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}

export const SNAPSHOT_HEADER = ['contact_id', 'channel', 'WhatsApp_mobile', 'customer_id', 'display_name', 'email', 'messaging_status', 'tags', 'created_at', 'updated_at'];

/** Existing WhatsApp contacts whose numbers overlap the list's (every other list number exists). */
export async function writeSnapshot(file: string, contacts: number, seed = 2): Promise<void> {
  const r = random(seed);
  await writeLines(file, SNAPSHOT_HEADER, contacts, (i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    return [`W${i}`, 'whatsapp', `+886${mobile(i * 2).slice(1)}`, r() < 0.3 ? `C-${i * 2}` : '', NAMES[i % NAMES.length], r() < 0.5 ? `user${i * 2}@gmail.com` : '',
      r() < 0.8 ? 'opted_in' : 'opted_out', r() < 0.3 ? 'VIP' : '', `2024-01-${day} 09:00:00`, `2024-02-${day} 09:00:00`];
  });
}
