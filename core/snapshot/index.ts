/** Contact snapshots and custom field definitions (RULES.md §7). */
export { parseSnapshot, SnapshotParser, PackedSnapshotParser, SNAPSHOT_COLUMNS, snapshotColumn, normalizeTimestamp, splitTags, type SnapshotOptions } from './parse.ts';
export type { SnapshotRecord } from './contact-parts.ts';
export { parseFieldDefinitions, parseFieldDefinitionsJson, type DefinitionsResult } from './definitions.ts';
export { snapshotCsvRows } from './export.ts';
export { loadSnapshot, loadPackedSnapshot, loadFieldDefinitions } from './load.ts';
