/**
 * Signatures: a row's set of issue kinds, numbered in table `signatures`, so counts add up a few
 * hundred kinds, not every issue. A kind is `[code, severity rank, column index, fixable, column name]`.
 */
import type Database from 'better-sqlite3';
import { SEVERITY_RANK, type Issue } from '../model.ts';

/** One kind of issue as counts see it: code, severity rank, column, fixable, column name. */
export type IssueKind = [string, number, number | null, 0 | 1, string | null];

/** A row's issue kinds, distinct and in a fixed order, as JSON: the key of its signature. */
function signatureKey(issues: readonly Issue[]): string {
  const kinds = new Map<string, IssueKind>();
  for (const issue of issues) {
    const kind: IssueKind = [issue.code, SEVERITY_RANK[issue.severity], issue.columnIndex ?? null, issue.fix !== undefined ? 1 : 0, issue.column ?? null];
    kinds.set(JSON.stringify(kind), kind);
  }
  return `[${[...kinds.keys()].sort().join(',')}]`;
}

/**
 * A row's issue kinds (as signatureKey reads them) in the order they come, as one text that tells
 * any two lists of kinds apart (texts carry their lengths): two rows with the same text have the
 * same signature.
 */
function kindsText(issues: readonly Issue[]): string {
  let text = '';
  for (const issue of issues) {
    const column = issue.column === undefined ? '-' : `${issue.column.length}:${issue.column}`;
    text += `${issue.code.length}:${issue.code}${SEVERITY_RANK[issue.severity]}${issue.columnIndex ?? '-'},${issue.fix !== undefined ? 1 : 0}${column};`;
  }
  return text;
}

/** A connection's view of the signatures: numbers it made or read, and every signature as read. */
export class Signatures {
  private readonly ids = new Map<string, number>([['[]', 0]]);
  /** Signature numbers by the row's issue kinds as they come (kindsText), which is cheaper to make than the key. */
  private readonly byKinds = new Map<string, number>();
  private cache: Map<number, IssueKind[]> | undefined;
  private cachedCount = -1;

  constructor(private readonly db: Database.Database) {}

  /** The number of a row's signature, made on first sight (0: no issues). */
  idOf(issues: readonly Issue[]): number {
    if (issues.length === 0) return 0;
    const kinds = kindsText(issues);
    const known = this.byKinds.get(kinds);
    if (known !== undefined) return known;
    const key = signatureKey(issues);
    let id = this.ids.get(key);
    if (id === undefined) {
      this.db.prepare('INSERT OR IGNORE INTO signatures (issues) VALUES (?)').run(key);
      id = (this.db.prepare('SELECT id FROM signatures WHERE issues = ?').get(key) as { id: number }).id;
      this.ids.set(key, id);
    }
    this.byKinds.set(kinds, id);
    return id;
  }

  /** Every signature (another connection, the check job's, may have added some since the last call). */
  all(reload = false): Map<number, IssueKind[]> {
    const count = (this.db.prepare('SELECT COUNT(*) AS n FROM signatures').get() as { n: number }).n;
    if (reload || this.cache === undefined || count !== this.cachedCount) {
      this.cachedCount = count;
      const cache = new Map<number, IssueKind[]>();
      for (const r of this.db.prepare('SELECT id, issues FROM signatures').all() as { id: number; issues: string }[]) cache.set(r.id, JSON.parse(r.issues) as IssueKind[]);
      this.cache = cache;
    }
    return this.cache;
  }

  /** Signatures with an issue kind meeting a condition. */
  where(test: (kind: IssueKind) => boolean): Set<number> {
    const out = new Set<number>();
    for (const [id, kinds] of this.all()) if (kinds.some(test)) out.add(id);
    return out;
  }

  /** Forgets the numbers made (a write that made them was rolled back). */
  forgetMade(): void {
    this.ids.clear();
    this.ids.set('[]', 0);
    this.byKinds.clear();
  }
}
