/**
 * Why a file opens no case (issue #15): a file that cannot be read at all (file.binary, file.empty,
 * file.unreadable …) gets an Api error saying in plain words what the file is and what to do, instead
 * of an empty review screen. The reader decides (core/csv/read.ts); this only words its verdict. The
 * Api code names what the file is (`file.picture`, `file.workbook`, `file.header_only` …) so the
 * UI can say it in its own language; the issue code stays in the message for tickets.
 */
import type { Issue } from '../model.ts';
import { ApiError } from '../contract/api.ts';

export function openRefusal(issue: Issue): ApiError {
  const params = issue.params ?? {};
  const reason = typeof params.reason === 'string' ? params.reason : '';
  if (issue.code === 'file.binary') {
    switch (params.format) {
      case 'picture':
        // "it is a picture (PNG)" → "This is a picture (PNG), not a list."
        return new ApiError('file.picture', `This is ${reason.replace(/^it is /, '') || 'a picture'}, not a list. Open the CSV file that holds your contacts instead.`);
      case 'pdf':
        return new ApiError('file.pdf', 'This is a PDF document, not a list. Open the CSV file that holds your contacts instead.');
      case 'workbook':
        // A readable workbook never gets here (read.ts reads it; .xls and damaged ones are file.unreadable).
        return new ApiError('file.workbook', 'This is a zip archive, not a list (if it is an Excel workbook, it is damaged). Open the CSV file or the Excel workbook (.xlsx) that holds your contacts instead.');
      default:
        return new ApiError('file.binary', issue.message);
    }
  }
  if (issue.code === 'file.empty' && params.detail === 'has only a header row') {
    return new ApiError('file.header_only', 'The file has only a header row: there are no contacts in it. Add contacts below the header row, or open the right file.');
  }
  if (issue.code === 'file.empty') return new ApiError('file.empty', 'The file is empty: there is nothing in it to check. Open the right file.');
  return new ApiError(issue.code, issue.message);
}
