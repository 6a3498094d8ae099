/**
 * The stored profile list (schema.ts migration 5): who merges with whom, paged and searched in SQL
 * so a million contacts cost a page's worth of reading, never a scan.
 *
 * - A page of profiles is a range of `profile_seq` (profiles numbered in id order).
 * - A search reads the members in order for the text in their `search` column and stops at
 *   SEARCH_CAP matches: one pass at most, and a common word costs only its first matches.
 */
import type Database from 'better-sqlite3';
import type { ContactChannel } from '../model.ts';
import type { ProfileMember } from '../unify/profile-list.ts';

/** At most this many matching contacts are read for one search: a search that finds more says so. */
export const SEARCH_CAP = 10_000;

/** Members written by one statement, and the values each has. */
const BATCH = 64;
const COLUMNS = 10;

export interface ProfileListInput {
  member: ProfileMember;
  /** What a search may find this contact by (profile-list.ts searchTerms). */
  terms: readonly string[];
}

export interface StoredProfile {
  id: string;
  conflict: boolean;
  members: Omit<ProfileMember, 'profileId' | 'conflict'>[];
}

export interface ProfilePage {
  /** Profiles in the list (or found by the search). */
  total: number;
  /** The search found more than SEARCH_CAP contacts: `total` counts the profiles of the first ones. */
  capped: boolean;
  profiles: StoredProfile[];
}

/** Replaces the list in one transaction; members come profile by profile (profileMembers' order). */
export function replaceProfileList(db: Database.Database, members: Iterable<ProfileListInput>): void {
  db.transaction(() => {
    // The index is built once after the rows, not kept up to date through a million inserts.
    db.exec('DROP INDEX IF EXISTS profile_members_profile; DELETE FROM profile_members;');
    // Rows go in BATCH at a time: one statement call per row would cost more than SQLite's own work.
    const columns = '(profile_seq, profile_id, conflict, contact_id, channel, customer_id, linked_by, row, name, search)';
    const one = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
    const insertBatch = db.prepare(`INSERT INTO profile_members ${columns} VALUES ${Array.from({ length: BATCH }, () => one).join(', ')}`);
    const insertOne = db.prepare(`INSERT INTO profile_members ${columns} VALUES ${one}`);
    let pending: unknown[] = [];
    let seq = -1;
    let last: string | undefined;
    for (const { member: m, terms } of members) {
      if (m.profileId !== last) {
        seq++;
        last = m.profileId;
      }
      // Terms are lower-cased and joined by a line feed, which no query holds: a match never spans two.
      pending.push(seq, m.profileId, m.conflict ? 1 : 0, m.contactId, m.channel, m.customerId, JSON.stringify(m.linkedBy), m.row ?? null, m.name, terms.join('\n'));
      if (pending.length === BATCH * COLUMNS) {
        insertBatch.run(pending);
        pending = [];
      }
    }
    for (let i = 0; i < pending.length; i += COLUMNS) insertOne.run(pending.slice(i, i + COLUMNS));
    db.exec('CREATE INDEX profile_members_profile ON profile_members(profile_seq);');
  })();
}

/** Whether the list holds anything (a case unified before the list was stored has none). */
export function hasProfileList(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM profile_members LIMIT 1').get() !== undefined;
}

/**
 * A page of profiles with their members. `search` (already normalized: profile-list.ts
 * normalizeSearch) keeps the profiles one of whose members' terms contains it.
 */
export function profilePage(db: Database.Database, offset: number, limit: number, search = ''): ProfilePage {
  if (search === '') {
    const { n } = db.prepare('SELECT COALESCE(MAX(profile_seq) + 1, 0) AS n FROM profile_members').get() as { n: number };
    const seqs: number[] = [];
    for (let s = offset; s < Math.min(n, offset + limit); s++) seqs.push(s);
    return { total: n, capped: false, profiles: profilesAt(db, seqs) };
  }
  // In seq order, so the profiles come in id order and a profile's members one after another.
  const found = db.prepare('SELECT profile_seq AS s FROM profile_members WHERE instr(search, ?) > 0 ORDER BY seq LIMIT ?').all(search, SEARCH_CAP + 1) as { s: number }[];
  const capped = found.length > SEARCH_CAP;
  const seqs: number[] = [];
  for (const { s } of found.slice(0, SEARCH_CAP)) if (seqs.length === 0 || seqs[seqs.length - 1] !== s) seqs.push(s);
  return { total: seqs.length, capped, profiles: profilesAt(db, seqs.slice(offset, offset + limit)) };
}

interface MemberRow {
  profile_seq: number;
  profile_id: string;
  conflict: number;
  contact_id: string;
  channel: ContactChannel;
  customer_id: string;
  linked_by: string;
  row: number | null;
  name: string;
}

function profilesAt(db: Database.Database, seqs: readonly number[]): StoredProfile[] {
  if (seqs.length === 0) return [];
  const read = db.prepare('SELECT * FROM profile_members WHERE profile_seq = ? ORDER BY seq');
  return seqs.map((seq) => {
    const rows = read.all(seq) as MemberRow[];
    return {
      id: rows[0]?.profile_id ?? '',
      conflict: rows[0]?.conflict === 1,
      members: rows.map((r) => {
        const member: StoredProfile['members'][number] = { contactId: r.contact_id, channel: r.channel, customerId: r.customer_id, linkedBy: JSON.parse(r.linked_by) as string[], name: r.name };
        if (r.row !== null) member.row = r.row;
        return member;
      }),
    };
  });
}
