/**
 * The Api contract: every operation the UI needs, as zod input/output schemas. Implemented once
 * (core/api/service.ts) and carried by three transports: Electron IPC, the loopback bridge, and an
 * in-memory fake for component tests. Every input is parsed with its schema before it reaches the core.
 */
import { z } from 'zod';
import { CHANNELS, CONTACT_CHANNELS, ENCODING_IDS, KEY_NAMES, OUTCOMES, SEVERITIES, UNIFY_KEYS } from '../model.ts';

const channel = z.enum(CHANNELS);
const contactChannel = z.enum(CONTACT_CHANNELS);
const key = z.enum(KEY_NAMES);
const severity = z.enum(SEVERITIES);
const outcome = z.enum(OUTCOMES);
const unifyKey = z.enum(UNIFY_KEYS);
const caseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a case id is letters, digits, - or _');
const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id is letters, digits, - or _');
/** A path on this machine: chosen in a native dialog (Electron) or an uploaded copy (bridge). */
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'a path cannot contain NUL');
const encodingId = z.enum(ENCODING_IDS);
const region = z.string().regex(/^[A-Z]{2}$/, 'a region is a two-letter country code such as TW');
const timeZone = z.string().min(1).max(64).regex(/^[A-Za-z0-9_+\-/]+$/, 'a time zone is an IANA name such as Asia/Taipei');
const columnName = z.string().max(1024);
/** A template field or `cl_custom_<key>`, as a column mapping names it. */
const fieldName = z.string().min(1).max(128).regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a field name is letters, digits and _');
const cellText = z.string().max(1_000_000);

const fieldChange = z.object({ field: z.string(), from: z.string(), to: z.string() });

export const issueSchema = z.object({
  row: z.number().int().optional(),
  column: z.string().optional(),
  columnIndex: z.number().int().optional(),
  field: z.string().optional(),
  code: z.string(),
  severity,
  value: z.string().optional(),
  fix: z.string().optional(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ApiIssue = z.infer<typeof issueSchema>;

export const columnViewSchema = z.object({
  index: z.number().int(),
  header: z.string(),
  /** The field MAAC reads from this column, when it reads it. */
  field: z.string().optional(),
  status: z.enum(['field', 'custom', 'skipped']),
  /** A proposed header rename (R-H2). */
  rename: z.string().optional(),
});
export type ColumnView = z.infer<typeof columnViewSchema>;

const counts = z.object({
  rows: z.number().int(),
  byOutcome: z.object({ create: z.number(), update: z.number(), unchanged: z.number(), skip: z.number(), fail: z.number() }),
  bySeverity: z.object({ error: z.number(), warning: z.number(), info: z.number() }),
  byCode: z.array(z.object({ code: z.string(), severity, count: z.number().int(), fixable: z.number().int() })),
  byColumn: z.array(z.object({ column: z.string(), columnIndex: z.number().int(), count: z.number().int() })),
  /** Rows the user excluded (of the whole case; they keep their outcome in the counts), and how many of them would otherwise be uploaded. */
  excluded: z.object({ rows: z.number().int(), uploadable: z.number().int() }).optional(),
});
export type Counts = z.infer<typeof counts>;

export const caseSummarySchema = z.object({
  caseId,
  fileName: z.string(),
  sourcePath: z.string(),
  sourceHash: z.string(),
  encoding: z.string(),
  /** The user's column mapping (R-H8), by header. */
  mapping: z.record(z.string(), z.string().nullable()),
  /** The encoding the file was read in, when the case knows it. */
  encodingId: encodingId.optional(),
  /** The encoding was chosen by the user rather than detected. */
  encodingChosen: z.boolean(),
  /** Other encodings that read the file about as well (R-F5), to offer reopening it in one of them. */
  encodingAlternatives: z.array(z.object({ id: encodingId, label: z.string() })),
  delimiter: z.string(),
  /** A workbook's sheet that was read (R-F7); absent for a CSV. */
  sheet: z.string().optional(),
  /** A workbook's sheets that hold rows, in tab order, to offer reopening it on another (R-F7). */
  sheets: z.array(z.string()).optional(),
  channel,
  channelDetected: z.boolean(),
  key,
  region: z.string(),
  timeZone: z.string().optional(),
  unifyKeys: z.array(unifyKey),
  snapshot: z.object({ fileName: z.string(), contacts: z.number().int(), issues: z.array(issueSchema) }).nullable(),
  definitions: z.object({ fileName: z.string(), count: z.number().int(), issues: z.array(issueSchema) }).nullable(),
  state: z.enum(['checking', 'ready', 'failed']),
  rows: z.number().int(),
  /**
   * Null when the last check covered every row. Otherwise how far it got (RULES.md §8): rows checked,
   * the file's row count when known (a re-check), else the share of the file read (`percent`).
   */
  incomplete: z.object({
    reason: z.enum(['cancelled', 'failed']),
    checkedRows: z.number().int(),
    totalRows: z.number().int().optional(),
    percent: z.number().int().min(0).max(100).optional(),
    /** Why it failed, in English (the UI words the reason itself). */
    failure: z.string().optional(),
  }).nullable(),
  columns: z.array(columnViewSchema),
  fileIssues: z.array(issueSchema),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  casePath: z.string(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const rowFilterSchema = z.object({
  severity: severity.optional(),
  code: z.string().max(64).optional(),
  columnIndex: z.number().int().min(0).optional(),
  outcome: outcome.optional(),
  text: z.string().max(256).optional(),
  /** Only the rows the user excluded from the upload-ready file. */
  excluded: z.literal(true).optional(),
});
export type RowFilter = z.infer<typeof rowFilterSchema>;

export const rowViewSchema = z.object({
  row: z.number().int(),
  cells: z.array(z.string()),
  outcome,
  contactId: z.string().optional(),
  /** The contact's best human value (name, email, phone): the snapshot contact's, or what the row creates. */
  contactName: z.string().optional(),
  /** The worst severity among the row's issues, if any. */
  severity: severity.optional(),
  issues: z.array(issueSchema),
  /** The simulated field changes (create / update), when there are any. */
  changes: z.array(fieldChange).optional(),
  /** The user excluded the row: kept in the case, left out of the upload-ready file. */
  excluded: z.literal(true).optional(),
  /** Cells sent cut to the answer's cap (display-cells.ts): their index and full length. The case keeps them whole. */
  truncated: z.array(z.object({ index: z.number().int(), chars: z.number().int() })).optional(),
});
export type RowView = z.infer<typeof rowViewSchema>;

export const fixSchema = z.discriminatedUnion('kind', [
  /** Edit one cell by hand. */
  z.object({ kind: z.literal('cell'), row: z.number().int().min(2), columnIndex: z.number().int().min(0), value: cellText }),
  /** Accept the proposed fix of one issue. */
  z.object({ kind: z.literal('issue'), row: z.number().int().min(2), columnIndex: z.number().int().min(0), code: z.string().max(64) }),
  /** Accept every proposed fix of a code (optionally in one column). */
  z.object({ kind: z.literal('code'), code: z.string().max(64), columnIndex: z.number().int().min(0).optional() }),
  /** Rename a header (R-H2 one-click fix). */
  z.object({ kind: z.literal('header'), columnIndex: z.number().int().min(0), to: columnName }),
  /** Find and replace in one column, or every column; `wholeCell`: only cells that are exactly `find`. */
  z.object({
    kind: z.literal('replace'), find: z.string().min(1).max(10_000), replace: z.string().max(10_000), columnIndex: z.number().int().min(0).optional(),
    matchCase: z.boolean().optional(), wholeCell: z.boolean().optional(),
  }),
  /** Set one column of every row matching a filter (the grid's) to a value. */
  z.object({ kind: z.literal('set'), value: cellText, columnIndex: z.number().int().min(0), filter: rowFilterSchema }),
  /** Exclude rows from the upload-ready file, or include them again: the rows given, or every row matching a filter. */
  z.object({ kind: z.literal('exclude'), rows: z.array(z.number().int().min(2)).max(100_000).optional(), filter: rowFilterSchema.optional(), excluded: z.boolean() }),
]);
export type Fix = z.infer<typeof fixSchema>;

/**
 * What an edit would change (previewEdit). A preview looks at a bounded number of rows: when the case
 * has more, `complete` is false and the counts are a lower bound from the first `rowsLookedAt` rows
 * of the `rowsInCase` (the edit itself still does every row).
 */
const editPreviewSchema = z.discriminatedUnion('complete', [
  z.object({ complete: z.literal(true), cells: z.number().int(), rows: z.number().int() }),
  z.object({ complete: z.literal(false), cells: z.number().int(), rows: z.number().int(), rowsLookedAt: z.number().int(), rowsInCase: z.number().int() }),
]);
export type EditPreview = z.infer<typeof editPreviewSchema>;

const mappingSchema = z.record(columnName, fieldName.nullable());
/** A change of the column mapping (R-H8) as the fix log keeps it, so undo restores the mapping before. */
export const mappingChangeSchema = z.object({ kind: z.literal('mapping'), before: mappingSchema, after: mappingSchema });
export type MappingChange = z.infer<typeof mappingChangeSchema>;
/** What the fix log holds: accepted fixes and mapping changes. */
export const loggedFixSchema = z.union([fixSchema, mappingChangeSchema]);
export type LoggedFix = z.infer<typeof loggedFixSchema>;

export const jobSchema = z.object({
  id: jobId,
  caseId: caseId.optional(),
  kind: z.enum(['check', 'simulate', 'unify', 'export', 'snapshot', 'definitions', 'fix']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number(),
  total: z.number(),
  /** What the job is doing, for the progress line ("Waiting to start… N in line" while it waits for a free slot). */
  phase: z.string(),
  /** While the job waits for a free slot (job-manager.ts): its place in line, 1 = next. */
  queuePosition: z.number().int().min(1).optional(),
  error: z.string().optional(),
  result: z.unknown().optional(),
});
export type Job = z.infer<typeof jobSchema>;

export const exportRequestSchema = z.object({
  caseId,
  dir: filePath,
  uploadReady: z.boolean().default(true),
  errorReport: z.boolean().default(true),
  rejectedRows: z.boolean().default(true),
  conflicts: z.boolean().default(false),
  /** The profile list (RULES.md §8): one line per contact of every unified profile. */
  profiles: z.boolean().default(false),
  snapshot: z.boolean().default(false),
  /** Also write rows that would fail or be skipped into the upload-ready file. */
  allRows: z.boolean().default(false),
  splitByCountry: z.boolean().default(false),
  splitEvery: z.number().int().min(1).max(10_000_000).optional(),
  /** Export a case whose check did not finish; every file name then says `.partial` (RULES.md §8). */
  partial: z.boolean().default(false),
  /** The language of the error report's messages: the UI's (RULES.md §8). */
  lang: z.enum(['en', 'zh-TW']).default('en'),
});
export type ExportRequest = z.input<typeof exportRequestSchema>;

export const exportResultSchema = z.object({ files: z.array(z.object({ kind: z.string(), path: z.string(), rows: z.number().int() })) });
export type ExportResult = z.infer<typeof exportResultSchema>;

/** A finished fix job's result: rows whose cells changed, and the re-check a header change started. */
export const fixJobResultSchema = z.object({ changedRows: z.number().int(), recheckJobId: jobId.optional() });
export type FixJobResult = z.infer<typeof fixJobResultSchema>;

export const conflictViewSchema = z.object({
  index: z.number().int(),
  customerIds: z.array(z.string()),
  unifiedContactIds: z.array(z.string()),
  linkedBy: z.array(z.string()),
  contacts: z.array(z.object({
    id: z.string(), channel: contactChannel, customerId: z.string(), profileId: z.string(), label: z.string(),
    /** The contact's best human value (name, email, phone); absent in cases unified before it was stored. */
    name: z.string().optional(),
    row: z.number().int().optional(),
    /** Identity values of the contact, e.g. `phone=+886…` (edges of the small graph). */
    identities: z.array(z.string()),
  })),
});
export type ConflictView = z.infer<typeof conflictViewSchema>;

/** One unified profile of the profile list and the contacts it merges (core/unify/profile-list.ts). */
export const profileListItemSchema = z.object({
  id: z.string(),
  conflict: z.boolean(),
  members: z.array(z.object({
    contactId: z.string(), channel: contactChannel, customerId: z.string(),
    /** The identity values linking it to the other members, e.g. `phone=+886…`. */
    linkedBy: z.array(z.string()),
    row: z.number().int().optional(),
    /** Best human value (name, email, phone); '' when none. */
    name: z.string(),
  })),
});
export type ProfileListItem = z.infer<typeof profileListItemSchema>;

/**
 * `fileName`: the list's; `sourcePath`: the list the case was made from (absent in older entries);
 * `saved`: the case file is one the user saved, not ListPrep's own copy in its data folder.
 */
const recentCase = z.object({ casePath: z.string(), fileName: z.string(), sourcePath: z.string().optional(), saved: z.boolean(), openedAt: z.string() });

const ok = z.object({ ok: z.literal(true) });
const withCase = z.object({ caseId });

/** The contract: method name → input and output schemas. */
export const apiContract = {
  appInfo: { input: z.object({}), output: z.object({ version: z.string(), samples: z.array(z.object({ name: z.string(), path: z.string(), purpose: z.enum(['list', 'snapshot', 'definitions']) })), recent: z.array(recentCase) }) },
  openFile: {
    /** `encoding`: read the file in this encoding rather than the detected one (R-F5). `sheet`: a workbook's sheet to read (R-F7). */
    input: z.object({
      path: filePath, channel: channel.optional(), key: key.optional(), region: region.optional(), timeZone: timeZone.optional(), encoding: encodingId.optional(),
      sheet: z.string().min(1).max(255).optional(),
      /** A contact snapshot and field definitions to read before the first check, which then replays rows as it reads them. */
      snapshot: filePath.optional(), definitions: filePath.optional(),
    }),
    /** `notLoaded`: a snapshot or definitions file that could not be used, in words; the list was opened and is checked without it. */
    output: z.object({ caseId, jobId, notLoaded: z.array(z.object({ file: z.enum(['snapshot', 'definitions']), code: z.string(), message: z.string() })).optional() }),
  },
  openCase: { input: z.object({ path: filePath }), output: z.object({ caseId }) },
  saveCaseAs: { input: z.object({ caseId, path: filePath }), output: z.object({ casePath: z.string() }) },
  closeCase: { input: withCase, output: ok },
  getCase: { input: withCase, output: caseSummarySchema },
  setOptions: {
    /** `mapping` (R-H8): columns, by header, read as a field or left out (null); an empty mapping clears it. */
    input: z.object({
      caseId, channel: channel.optional(), key: key.optional(), region: region.optional(), timeZone: timeZone.nullable().optional(), unifyKeys: z.array(unifyKey).optional(),
      mapping: z.record(columnName, fieldName.nullable()).optional(),
    }),
    output: z.object({ jobId }),
  },
  loadSnapshot: { input: z.object({ caseId, path: filePath }), output: z.object({ jobId }) },
  loadDefinitions: { input: z.object({ caseId, path: filePath }), output: z.object({ jobId }) },
  queryRows: {
    input: z.object({ caseId, offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000), filter: rowFilterSchema.default({}), sort: z.object({ by: z.enum(['row', 'severity', 'outcome']), dir: z.enum(['asc', 'desc']) }).optional() }),
    output: z.object({ total: z.number().int(), rows: z.array(rowViewSchema) }),
  },
  getCounts: { input: z.object({ caseId, filter: rowFilterSchema.default({}) }), output: counts },
  getRow: {
    input: z.object({ caseId, row: z.number().int().min(1) }),
    output: rowViewSchema.extend({ header: z.array(z.string()), changes: z.array(fieldChange), contactBefore: z.record(z.string(), z.string()).nullable() }),
  },
  /** R-H8: a few distinct non-blank values of each column (by column index), from the first stored rows, for the mapping panel. */
  columnSamples: { input: withCase, output: z.object({ columns: z.array(z.array(z.string())) }) },
  /**
   * Fixes, undo and redo run as a job (kind 'fix'): its result is a `FixJobResult` (rows changed, and
   * `recheckJobId` when a header changed and every row is checked again). Cancel changes nothing.
   */
  applyFix: { input: z.object({ caseId, fix: fixSchema }), output: z.object({ jobId }) },
  /** How many cells and rows a fix would change, without changing them (an edit dialog's preview): exact, or a lower bound past a bounded number of rows. */
  previewEdit: { input: z.object({ caseId, fix: fixSchema }), output: editPreviewSchema },
  undo: { input: withCase, output: z.object({ jobId }) },
  redo: { input: withCase, output: z.object({ jobId }) },
  /** `fix` lets the UI describe each entry in its own language; `description` is English. */
  fixLog: { input: withCase, output: z.array(z.object({ id: z.number().int(), at: z.string(), description: z.string(), fix: loggedFixSchema, changedRows: z.number().int(), undone: z.boolean() })) },
  runUnify: { input: withCase, output: z.object({ jobId }) },
  getUnification: {
    input: z.object({ caseId, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.object({ ran: z.boolean(), profiles: z.number().int(), contacts: z.number().int(), conflicts: z.array(conflictViewSchema), totalConflicts: z.number().int() }),
  },
  /**
   * A page of the profile list. `search` keeps the profiles with a contact whose id, customer ID,
   * name or identity value contains it (case-insensitive; a phone by its digits). `capped`: the
   * search matched too much to count; `total` counts the first matches.
   */
  getProfiles: {
    input: z.object({ caseId, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(50), search: z.string().max(200).default('') }),
    output: z.object({ ran: z.boolean(), total: z.number().int(), capped: z.boolean(), profiles: z.array(profileListItemSchema) }),
  },
  /** Checks the list again after a check that was cancelled or failed: from the file when its first check never finished. */
  recheckCase: { input: withCase, output: z.object({ jobId }) },
  exportFiles: { input: exportRequestSchema, output: z.object({ jobId }) },
  getJob: { input: z.object({ jobId }), output: jobSchema },
  cancelJob: { input: z.object({ jobId }), output: ok },
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
export const API_METHODS = Object.keys(apiContract) as ApiMethod[];

/** The typed Api: what the renderer calls (window.listprep) and what core/api implements. */
export type Api = {
  [M in ApiMethod]: (input: z.input<ApiContract[M]['input']>) => Promise<z.output<ApiContract[M]['output']>>;
};

/** A rejected call: the input failed its schema, or the core said no. Never a stack trace. */
export interface ApiErrorShape {
  code: 'input.invalid' | 'case.not_found' | 'job.not_found' | 'file.unreadable' | 'operation.failed' | string;
  message: string;
}
export class ApiError extends Error implements ApiErrorShape {
  constructor(public code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}
