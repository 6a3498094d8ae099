/**
 * R-L1 list health: file-level warnings with counts, tallied row by row as the import is replayed.
 * Every data row counts, whatever its outcome: the warning is about the list, not about what imports
 * (an invalid address fails its row, yet it says the list is dirty).
 */
import type { Channel, CheckedRow, Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';
import { valueOf } from '../rules/checked-columns.ts';

export interface ListHealthCounts {
  /** Data rows seen. */
  rows: number;
  /** EDM rows by status. */
  subscribed: number;
  unsubscribed: number;
  hardBounce: number;
  spamReport: number;
  /** Among `subscribed` EDM rows: rows with `email.domain_typo` / `email.invalid`. */
  typoDomains: number;
  invalidEmails: number;
  /** WhatsApp rows by status (rows without a valid status are in none of these). */
  optedIn: number;
  optedOut: number;
  notSubscribed: number;
}

export function emptyListHealthCounts(): ListHealthCounts {
  return { rows: 0, subscribed: 0, unsubscribed: 0, hardBounce: 0, spamReport: 0, typoDomains: 0, invalidEmails: 0, optedIn: 0, optedOut: 0, notSubscribed: 0 };
}

/** Which counts a row adds to (a number, so a row validated elsewhere can bring it along). */
const NONE = 0;
const SUBSCRIBED = 1;
/** Bits added to SUBSCRIBED's kind. */
const TYPO_DOMAIN = 2;
const INVALID_EMAIL = 4;
/** Other statuses, each with its counter: its kind is FIRST_STATUS_KIND + its place here. */
const STATUS_COUNTERS: readonly (readonly [string, keyof ListHealthCounts])[] = [
  ['unsubscribed', 'unsubscribed'], ['hard_bounce', 'hardBounce'], ['spam_report', 'spamReport'],
  ['opted_in', 'optedIn'], ['opted_out', 'optedOut'], ['not_subscribed', 'notSubscribed'],
];
const FIRST_STATUS_KIND = 8;
const KIND_OF_STATUS: ReadonlyMap<string, number> = new Map(STATUS_COUNTERS.map(([status], i) => [status, FIRST_STATUS_KIND + i]));

/** A row's kind for the counts. The status is read from the row's valid values (an invalid status counts nowhere). */
export function healthKind(row: CheckedRow): number {
  // A checker's row is read by its columns, without making its Map.
  const status = valueOf(row, 'messaging_status');
  if (typeof status !== 'string') return NONE;
  if (status === 'subscribed') {
    let kind = SUBSCRIBED;
    if (row.issues.some((i) => i.code === 'email.domain_typo')) kind |= TYPO_DOMAIN;
    if (row.issues.some((i) => i.code === 'email.invalid')) kind |= INVALID_EMAIL;
    return kind;
  }
  return KIND_OF_STATUS.get(status) ?? NONE;
}

/** Adds one row, by its kind (`healthKind`), to the counts. */
export function addHealthKind(counts: ListHealthCounts, kind: number): void {
  counts.rows++;
  if (kind === NONE) return;
  if (kind < FIRST_STATUS_KIND) {
    counts.subscribed++;
    if (kind & TYPO_DOMAIN) counts.typoDomains++;
    if (kind & INVALID_EMAIL) counts.invalidEmails++;
    return;
  }
  counts[STATUS_COUNTERS[kind - FIRST_STATUS_KIND][1]]++;
}

/** Adds one row to the counts. */
export function addToListHealth(counts: ListHealthCounts, row: CheckedRow): void {
  addHealthKind(counts, healthKind(row));
}

export function countListHealth(rows: Iterable<CheckedRow>): ListHealthCounts {
  const counts = emptyListHealthCounts();
  for (const row of rows) addToListHealth(counts, row);
  return counts;
}

/** The file-level R-L1 warnings of a channel's counts; none when nothing is at risk. */
export function listHealth(channel: Channel, counts: ListHealthCounts): Issue[] {
  if (channel === 'email') {
    const risky = counts.unsubscribed + counts.hardBounce + counts.spamReport + counts.typoDomains + counts.invalidEmails;
    if (risky === 0) return [];
    return [
      makeIssue('risk.edm_list', {}, {
        rows: counts.rows,
        unsubscribed: counts.unsubscribed,
        hardBounce: counts.hardBounce,
        spamReport: counts.spamReport,
        typoDomains: counts.typoDomains,
        invalidEmails: counts.invalidEmails,
      }),
    ];
  }
  if (channel === 'whatsapp') {
    const count = counts.optedOut + counts.notSubscribed;
    if (count === 0) return [];
    return [makeIssue('risk.wa_not_opted_in', {}, { count, rows: counts.rows, optedOut: counts.optedOut, notSubscribed: counts.notSubscribed })];
  }
  return [];
}
