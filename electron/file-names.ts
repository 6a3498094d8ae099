/**
 * File names that came from outside (an upload's name, a suggested save name) made safe to use as
 * one path segment on any OS: no directories, no control or reserved characters, no device names.
 */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_LENGTH = 150;

export function sanitizeFileName(raw: unknown, fallback = 'file'): string {
  let name = typeof raw === 'string' ? raw.normalize('NFC') : '';
  // Only the last segment counts: "../../etc/passwd" and "C:\\x\\y.csv" keep "passwd" and "y.csv".
  name = name.split(/[/\\]/).pop() ?? '';
  name = name
    .replace(/\p{Cc}/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (name.length > MAX_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, MAX_LENGTH - ext.length) + ext;
  }
  return name || fallback;
}

/** The extension of a case file. */
export const CASE_EXTENSION = 'listprep';

/** A suggested case name, sanitized, with the case extension. */
export function caseFileName(suggested: unknown): string {
  const name = sanitizeFileName(suggested, 'case');
  return name.toLowerCase().endsWith(`.${CASE_EXTENSION}`) ? name : `${name}.${CASE_EXTENSION}`;
}
