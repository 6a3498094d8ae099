/**
 * R-L1 list health: file-level warnings with counts, tallied row by row as the import is replayed.
 * Every data row counts, whatever its outcome: the warning is about the list, not about what imports
 * (an invalid address fails its row, yet it says the list is dirty).
 */
import type { Channel, CheckedRow, Issue } from '../model.ts';
import { makeIssue } from '../rules/issue.ts';

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

/** Adds one row to the counts. The status is read from the row's valid values (an invalid status counts nowhere). */
export function addToListHealth(counts: ListHealthCounts, row: CheckedRow): void {
  counts.rows++;
  const status = row.values.get('messaging_status');
  switch (status) {
    case 'subscribed':
      counts.subscribed++;
      if (row.issues.some((i) => i.code === 'email.domain_typo')) counts.typoDomains++;
      if (row.issues.some((i) => i.code === 'email.invalid')) counts.invalidEmails++;
      break;
    case 'unsubscribed':
      counts.unsubscribed++;
      break;
    case 'hard_bounce':
      counts.hardBounce++;
      break;
    case 'spam_report':
      counts.spamReport++;
      break;
    case 'opted_in':
      counts.optedIn++;
      break;
    case 'opted_out':
      counts.optedOut++;
      break;
    case 'not_subscribed':
      counts.notSubscribed++;
      break;
  }
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
