/** What a value validator returns (RULES.md §4); the row checker turns findings into Issues with `makeIssue`. */
import type { FieldValue, MessageParams, Severity } from '../../model.ts';
import type { IssueCode } from '../codes.ts';

export interface ValueFinding {
  code: IssueCode;
  /** The proposed replacement for the whole cell. */
  fix?: string;
  params?: MessageParams;
  /** Only to override the registry's severity. */
  severity?: Severity;
}

export interface ValueCheck {
  findings: ValueFinding[];
  /**
   * What MAAC would store when the cell is acceptable (maybe after MAAC's own normalization):
   * E.164 for phones, trimmed text, a tag list for tags, null for a custom field cleared by `null`.
   * undefined when blank or invalid (an error finding).
   */
  value?: FieldValue;
}
