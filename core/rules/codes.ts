/**
 * The issue-code registry: every stable code of RULES.md (plus ListPrep's own additions), its rule,
 * default severity, and its message in English and Traditional Chinese.
 *
 * Codes are public: users quote them in tickets. Add codes freely; never rename or reuse one.
 * Each code also has a label: the few words the UI shows first, with the code beside it.
 * Messages say what is wrong and what to do; the location ("Row 5, column …") is prefixed by
 * `formatIssueMessage`, so templates do not repeat it.
 */
import type { Severity } from '../model.ts';

export interface CodeDefinition {
  rule: string;
  severity: Severity;
  /** Where it attaches: a data row, or the file as a whole. */
  scope: 'row' | 'file';
  /** A short name for lists, charts and filters: 1–5 words, sentence case, no period, in a marketer's words. */
  label: { en: string; zhTW: string };
  en: string;
  zhTW: string;
  /** Other wordings, each used when its `when` param is present (the first that is); `en`/`zhTW` otherwise. */
  variants?: readonly { when: string; en: string; zhTW: string }[];
}

const define = <T extends Record<string, CodeDefinition>>(codes: T) => codes;

export const CODES = define({
  // §2 Reading the file
  'file.encoding': {
    rule: 'R-F1', severity: 'warning', scope: 'file',
    label: { en: 'Not saved as UTF-8', zhTW: '不是 UTF-8 編碼' },
    en: 'The file is saved as {encoding}, not UTF-8. MAAC reads UTF-8 only, so names and tags in other scripts would turn into "?" and create wrong tags. ListPrep decoded it correctly: upload the upload-ready file it exports (always UTF-8).',
    zhTW: '檔案編碼是 {encoding}，不是 UTF-8。MAAC 只讀 UTF-8，中文或泰文的姓名與標籤會變成「?」並產生錯誤的標籤。ListPrep 已正確解碼：請上傳 ListPrep 匯出的檔案（一律為 UTF-8）。',
    variants: [
      {
        when: 'alternatives',
        en: 'The file is saved as {encoding}, not UTF-8, as far as its little text tells: it could also be {alternatives}. If names or tags look wrong, open it again choosing the right encoding (the Encoding option; --encoding in the command line). MAAC reads UTF-8 only: upload the upload-ready file ListPrep exports (always UTF-8).',
        zhTW: '依檔案中少量的文字判斷，編碼是 {encoding}，不是 UTF-8；也可能是 {alternatives}。若姓名或標籤看起來不對，請選擇正確的編碼後重新開啟（「編碼」選項；命令列用 --encoding）。MAAC 只讀 UTF-8：請上傳 ListPrep 匯出的檔案（一律為 UTF-8）。',
      },
    ],
  },
  'file.delimiter': {
    rule: 'R-F2', severity: 'warning', scope: 'file',
    label: { en: 'Not separated by commas', zhTW: '不是以逗號分隔' },
    en: 'Columns are separated by {delimiter} instead of commas. MAAC expects commas: upload the file ListPrep exports, which uses commas.',
    zhTW: '欄位以{delimiter}分隔，而不是逗號。MAAC 需要逗號分隔：請上傳 ListPrep 匯出的檔案（使用逗號）。',
  },
  'file.sep_line': {
    rule: 'R-F6', severity: 'warning', scope: 'file',
    label: { en: 'Separator hint as first line', zhTW: '第一行是分隔符號提示' },
    en: 'The first line "{line}" is a spreadsheet\'s hint of the column separator, not the header. ListPrep reads the header from the next line, but MAAC would take "{line}" as the header and import nothing: upload the file ListPrep exports, which has no such line.',
    zhTW: '第一行「{line}」是試算表標示欄位分隔符號的提示，不是標題列。ListPrep 從下一行讀取標題，但 MAAC 會把「{line}」當成標題列，什麼都不會匯入：請上傳 ListPrep 匯出的檔案（沒有這一行）。',
  },
  'file.empty': {
    rule: 'R-F3', severity: 'error', scope: 'file',
    label: { en: 'Nothing to import', zhTW: '沒有可匯入的資料' },
    en: 'The file {detail}, so there is nothing to import. Check that you picked the right file, or add contacts below the header row.',
    zhTW: '檔案{detail}，沒有可匯入的資料。請確認選對了檔案，或在標題列下方加入聯絡人。',
  },
  'file.binary': {
    rule: 'R-F3', severity: 'error', scope: 'file',
    label: { en: 'Not a text CSV file', zhTW: '不是文字 CSV 檔' },
    en: 'This is not a text CSV file ({reason}). In your spreadsheet, choose "Save as" → "CSV UTF-8 (comma delimited)" and open that file instead.',
    zhTW: '這不是文字 CSV 檔（{reason}）。請在試算表中選擇「另存新檔」→「CSV UTF-8（逗號分隔）」，再開啟該檔案。',
  },
  'file.not_found': {
    rule: 'R-F3', severity: 'error', scope: 'file',
    label: { en: 'File not found', zhTW: '找不到檔案' },
    en: 'The file "{path}" does not exist. Check the name and folder, then try again.',
    zhTW: '檔案「{path}」不存在。請確認檔名與資料夾後再試一次。',
  },
  'file.unreadable': {
    rule: 'R-F3', severity: 'error', scope: 'file',
    label: { en: 'File cannot be read', zhTW: '無法讀取檔案' },
    en: 'The file "{path}" cannot be read ({reason}). Choose a CSV or text file you are allowed to read, and close any program that has it locked, then try again.',
    zhTW: '無法讀取檔案「{path}」（{reason}）。請選擇有讀取權限的 CSV 或文字檔，並關閉鎖定此檔案的程式後再試一次。',
    // R-F7: workbooks ListPrep cannot read say what they are and how to save one it can.
    variants: [
      {
        when: 'workbookFormat',
        en: '"{path}" is {workbookFormat}, which ListPrep does not read. Open it in your spreadsheet and choose "Save as" → "Excel Workbook (.xlsx)" or "CSV UTF-8 (comma delimited)", then open that file.',
        zhTW: '「{path}」的格式是{workbookFormat}，ListPrep 無法讀取。請在試算表中開啟它，選擇「另存新檔」→「Excel 活頁簿 (.xlsx)」或「CSV UTF-8（逗號分隔）」，再開啟該檔案。',
      },
      {
        when: 'protection',
        en: 'The workbook "{path}" is protected with {protection}, so it cannot be read. Open it in Excel with its password, save an unprotected copy (File → Info → Protect Workbook → Encrypt with Password, clear the password), then open that copy.',
        zhTW: '活頁簿「{path}」設有{protection}保護，無法讀取。請用密碼在 Excel 中開啟，另存一份未加密的副本（檔案 → 資訊 → 保護活頁簿 → 以密碼加密，清除密碼），再開啟該副本。',
      },
      {
        when: 'damaged',
        en: 'The workbook "{path}" cannot be read: {damaged}. Open it in your spreadsheet and save it again (or download it again), then open the new file.',
        zhTW: '無法讀取活頁簿「{path}」：{damaged}。請在試算表中開啟並重新儲存（或重新下載），再開啟新的檔案。',
      },
    ],
  },
  'file.sheet_chosen': {
    rule: 'R-F7', severity: 'info', scope: 'file',
    label: { en: 'Sheet chosen', zhTW: '已選擇工作表' },
    en: 'The workbook has more than one sheet with data. ListPrep read "{sheet}"; the others are {others}. To check another, choose it with the sheet picker (--sheet NAME in the command line).',
    zhTW: '此活頁簿有多個含資料的工作表。ListPrep 讀取的是「{sheet}」，其他還有 {others}。若要檢查其他工作表，請在工作表選單中選擇（命令列用 --sheet 名稱）。',
  },
  'file.sheet_missing': {
    rule: 'R-F7', severity: 'error', scope: 'file',
    label: { en: 'No sheet by that name', zhTW: '沒有此名稱的工作表' },
    en: 'The workbook has no sheet named "{sheet}". Its sheets are {sheets}. Choose one of these names (--sheet NAME in the command line).',
    zhTW: '此活頁簿沒有名為「{sheet}」的工作表。它的工作表有 {sheets}。請從中選擇一個名稱（命令列用 --sheet 名稱）。',
  },
  'output.is_input': {
    rule: 'R-F4', severity: 'error', scope: 'file',
    label: { en: 'Output would replace an input', zhTW: '輸出會覆蓋輸入檔' },
    en: 'The output "{output}" is the same file as "{input}", which this run reads, so writing it would replace that input. Nothing was written. Choose another name or folder for the output.',
    zhTW: '輸出檔「{output}」與這次讀取的「{input}」是同一個檔案，寫入會覆蓋這個輸入檔，因此沒有寫入任何檔案。請為輸出檔選擇其他檔名或資料夾。',
  },
  'file.too_wide': {
    rule: 'R-F3', severity: 'error', scope: 'file',
    label: { en: 'Far too many columns', zhTW: '欄數多到無法讀取' },
    en: 'A row of this file has {columns} columns, more than any spreadsheet holds (ListPrep reads up to {limit}), so it is not a contact list MAAC can import. It may be a damaged export or a file of another kind: open it in a text editor to check, keep only the real columns, then open it again.',
    zhTW: '此檔案有一列多達 {columns} 欄，超過任何試算表的上限（ListPrep 最多讀取 {limit} 欄），因此不是 MAAC 能匯入的聯絡人名單。它可能是損壞的匯出檔或其他類型的檔案：請用文字編輯器開啟確認，只保留實際的欄位後再開啟一次。',
  },
  'file.unterminated_quote': {
    rule: 'R-F3', severity: 'error', scope: 'row',
    label: { en: 'Quotation mark never closed', zhTW: '引號沒有結束' },
    en: 'A quotation mark opens in this row and is never closed, so everything after it ran into one cell. Remove the stray " or add the closing one, then check again.',
    zhTW: '此列有一個引號（"）沒有結束，之後的內容全被併入同一格。請刪除多餘的引號或補上結尾引號，再重新檢查。',
  },
  'cell.too_large': {
    rule: 'R-F3', severity: 'error', scope: 'row',
    label: { en: 'Cell far too long', zhTW: '儲存格內容過長' },
    en: 'This cell holds {chars} characters. ListPrep reads at most {limit} in one cell and {rowLimit} in one row, far more than any contact field takes (MAAC\'s longest takes 1,024), so it kept only the first 1,024 characters and this row cannot be imported as it is. Open the file in a text editor: a stray quotation mark often runs the rest of the file into one cell. Shorten or remove the cell, then check again.',
    zhTW: '此格有 {chars} 個字元。ListPrep 每格最多讀取 {limit} 個字元、每列最多 {rowLimit} 個字元，遠超過任何聯絡人欄位所需（MAAC 最長的欄位為 1,024 個字元），因此只保留了前 1,024 個字元，此列無法照原樣匯入。請用文字編輯器開啟檔案：多出來的引號常會把檔案其餘的內容併入同一格。請縮短或刪除此格，再重新檢查。',
  },
  'cell.encoding': {
    rule: 'R-F5', severity: 'error', scope: 'row',
    label: { en: 'Garbled characters', zhTW: '文字變成亂碼' },
    en: 'This cell holds bytes that are not UTF-8 (likely pasted from a program that saves {encoding}), so MAAC would import them as "�". ListPrep cannot read them with confidence (shown as "{value}"): retype the cell.',
    zhTW: '此格含有不是 UTF-8 的位元組（可能是從以 {encoding} 存檔的程式貼上的），MAAC 會匯入成「�」。ListPrep 無法確定其內容（顯示為「{value}」）：請重新輸入此格。',
    variants: [
      {
        when: 'fix',
        en: 'This cell holds bytes that are not UTF-8 (likely pasted from a program that saves {encoding}), so MAAC would import them as "�". Read as {encoding} it says "{fix}": accept the fix to keep that, or retype the cell.',
        zhTW: '此格含有不是 UTF-8 的位元組（可能是從以 {encoding} 存檔的程式貼上的），MAAC 會匯入成「�」。以 {encoding} 讀取為「{fix}」：接受建議即可使用此內容，或重新輸入此格。',
      },
    ],
  },
  'row.ragged': {
    rule: 'R-F3', severity: 'error', scope: 'row',
    label: { en: 'Wrong number of cells', zhTW: '格數與標題不符' },
    en: 'This row has {cells} cells but the header has {columns} columns, so MAAC rejects it. Look for an extra comma inside a value or a missing cell.',
    zhTW: '此列有 {cells} 格，但標題列有 {columns} 欄，MAAC 會拒絕此列。請檢查值中是否多了逗號或少了一格。',
    variants: [
      {
        // R-F7: a sheet row; trailing empty cells are not counted, so only a value past the header is reported.
        when: 'lastColumn',
        en: 'This row has a value in column {lastColumn}, to the right of the header\'s last column, so MAAC would reject it. Give that column a header, or clear the cells to the right of the list.',
        zhTW: '此列在 {lastColumn} 欄有值，超出標題列的最後一欄，MAAC 會拒絕此列。請為該欄加上標題，或清除名單右側的儲存格。',
      },
    ],
  },
  'file.channel_detected': {
    rule: 'R-H1', severity: 'info', scope: 'file',
    label: { en: 'Channel detected', zhTW: '已自動判斷渠道' },
    en: 'Channel detected from the headers: {channel} (matching key {key}). Choose another channel if this is wrong.',
    zhTW: '依標題判斷為 {channel} 渠道（比對鍵 {key}）。若不正確，請改選渠道。',
  },

  // §3 Channels and headers
  'header.unknown': {
    rule: 'R-H1', severity: 'warning', scope: 'file',
    label: { en: 'Column MAAC skips', zhTW: 'MAAC 會略過此欄' },
    en: 'Column "{column}" is not a field of the {channel} template, so MAAC skips it and its values are not imported. Rename it to a template field or remove it.',
    zhTW: '「{column}」欄不是 {channel} 範本的欄位，MAAC 會略過此欄，其中的值不會匯入。請改成範本欄位名稱或刪除此欄。',
  },
  'header.alias': {
    rule: 'R-H2', severity: 'warning', scope: 'file',
    label: { en: 'Column name almost right', zhTW: '欄位名稱不完全正確' },
    en: 'Column "{column}" looks like "{fix}", but MAAC needs the exact name and would skip this column. Rename it to "{fix}" (one click: accept the fix).',
    zhTW: '「{column}」欄看起來是「{fix}」，但 MAAC 要求完全相同的名稱，會略過此欄。請改名為「{fix}」（接受建議即可）。',
  },
  'header.duplicate': {
    rule: 'R-H3', severity: 'error', scope: 'file',
    label: { en: 'Column appears twice', zhTW: '欄位重複出現' },
    en: 'Column "{column}" appears more than once (columns {positions}). ListPrep reads the first one; delete or rename the others.',
    zhTW: '「{column}」欄重複出現（第 {positions} 欄）。ListPrep 只讀第一欄；請刪除或改名其他欄。',
  },
  'header.missing_required': {
    rule: 'R-H4', severity: 'error', scope: 'file',
    label: { en: 'Required column missing', zhTW: '缺少必填欄位' },
    en: 'The required column "{field}" is missing, so no row can be imported as it is (MAAC rejects each row, or skips it when the missing column is messaging_status of a WhatsApp list). Add the column with a value in every row.',
    zhTW: '缺少必填欄位「{field}」，所有列都無法照原樣匯入（MAAC 會拒絕每一列；若缺的是 WhatsApp 名單的 messaging_status，則略過每一列）。請加入此欄，並在每一列填值。',
  },
  'header.order': {
    rule: 'R-H5', severity: 'warning', scope: 'file',
    label: { en: 'WhatsApp number not first', zhTW: '號碼欄不在最前面' },
    en: '"WhatsApp_mobile" must be the first column, but it is column {position}. Move it to the first column (the upload-ready file does this).',
    zhTW: '「WhatsApp_mobile」必須是第一欄，目前在第 {position} 欄。請移到第一欄（ListPrep 匯出的檔案會自動調整）。',
  },
  'header.not_importable': {
    rule: 'R-H7', severity: 'warning', scope: 'file',
    label: { en: 'Export-only column', zhTW: '僅供匯出的欄位' },
    en: 'Column "{column}" only appears in MAAC exports and cannot be imported; MAAC ignores it. You can remove it.',
    zhTW: '「{column}」欄只出現在 MAAC 匯出檔，無法匯入，MAAC 會忽略。可以刪除此欄。',
  },
  'custom.unknown': {
    rule: 'R-H6', severity: 'warning', scope: 'file',
    label: { en: 'Custom field not found', zhTW: '找不到自訂欄位' },
    en: 'Custom field "{key}" cannot be found among the active fields in Admin Center, so MAAC skips column "{column}". Check the field key\'s exact spelling in Admin Center.',
    zhTW: '在 Admin Center 的啟用欄位中找不到自訂欄位「{key}」，MAAC 會略過「{column}」欄。請到 Admin Center 確認欄位代碼的拼法。',
  },
  'custom.archived': {
    rule: 'R-H6', severity: 'warning', scope: 'file',
    label: { en: 'Custom field archived', zhTW: '自訂欄位已封存' },
    en: 'Custom field "{key}" is archived, so MAAC skips column "{column}". Reactivate the field in Admin Center or remove the column.',
    zhTW: '自訂欄位「{key}」已封存，MAAC 會略過「{column}」欄。請在 Admin Center 重新啟用此欄位，或刪除此欄。',
  },
  'custom.undefined': {
    rule: 'R-H6', severity: 'info', scope: 'file',
    label: { en: 'Custom fields not loaded', zhTW: '未載入自訂欄位定義' },
    en: 'No custom field definitions are loaded, so "{column}" is checked as a Text field. Load your field definitions to check its name and type as MAAC will.',
    zhTW: '尚未載入自訂欄位定義，「{column}」以文字欄位檢查。請載入欄位定義，以便依 MAAC 的方式檢查名稱與類型。',
  },
  'key.column_missing': {
    rule: 'R-M2', severity: 'error', scope: 'file',
    label: { en: 'Matching key column missing', zhTW: '缺少比對鍵欄位' },
    en: 'The matching key "{key}" reads column "{field}", which this file does not have, so every row would fail. Add the column or choose another matching key.',
    zhTW: '比對鍵「{key}」需要「{field}」欄，但檔案中沒有，所有列都會失敗。請加入此欄或改選其他比對鍵。',
  },

  // §4 Values
  'line_uid.invalid': {
    rule: 'R-H1', severity: 'error', scope: 'row',
    label: { en: 'Invalid LINE UID', zhTW: 'LINE UID 無效' },
    en: '"{value}" is not a LINE UID (U followed by 32 hexadecimal characters, 33 in all). Copy the UID again from a MAAC export.',
    zhTW: '「{value}」不是 LINE UID（U 加上 32 個十六進位字元，共 33 字）。請從 MAAC 匯出檔重新複製 UID。',
  },
  'text.long': {
    rule: 'R-H1', severity: 'warning', scope: 'row',
    label: { en: 'Note may be cut off', zhTW: '備註可能被截斷' },
    en: 'This note has {length} characters; MAAC\'s sources give a limit of 300 (some say 2048), so it may be cut. Shorten it to 300 characters to be safe.',
    zhTW: '此備註有 {length} 個字元；MAAC 文件記載上限為 300（部分文件寫 2048），可能被截斷。建議縮短至 300 字以內。',
  },
  'text.too_long': {
    rule: 'R-V9', severity: 'error', scope: 'row',
    label: { en: 'Text too long', zhTW: '文字太長' },
    en: 'This value has {length} characters; the limit for {field} is {limit}, so MAAC rejects the row. Shorten it.',
    zhTW: '此值有 {length} 個字元，{field} 的上限為 {limit}，MAAC 會拒絕此列。請縮短內容。',
  },
  'cell.whitespace': {
    rule: 'R-V1', severity: 'info', scope: 'row',
    label: { en: 'Extra spaces', zhTW: '前後有多餘空白' },
    en: 'The value has spaces before or after it. Accept the fix to trim them.',
    zhTW: '值的前後有空白。接受建議即可去除。',
  },
  'phone.format': {
    rule: 'R-V2', severity: 'info', scope: 'row',
    label: { en: 'Phone needs tidying', zhTW: '電話格式待整理' },
    en: '"{value}" is a valid number written with separators or extra characters. Accept the fix to write it in international (E.164) form: {fix}.',
    zhTW: '「{value}」是有效號碼，但含有分隔符號或多餘字元。接受建議可改為國際（E.164）格式：{fix}。',
  },
  'phone.invalid': {
    rule: 'R-V2', severity: 'error', scope: 'row',
    label: { en: 'Invalid phone number', zhTW: '電話號碼無效' },
    en: '"{value}" is not a valid phone number for region {region}, so MAAC rejects the row. Correct the number or clear the cell.',
    zhTW: '「{value}」不是 {region} 地區的有效電話號碼，MAAC 會拒絕此列。請更正號碼或清空此格。',
    variants: [
      {
        when: 'otherCountry',
        en: '"{value}" is not a valid phone number for region {region}, so MAAC rejects the row. With a 0 in front it would only be a landline, and ListPrep restores a lost 0 only for mobiles. As written it is a valid {otherCountry} mobile ({otherE164}): if that is the person\'s number, write it as {otherE164}; otherwise correct it or clear the cell.',
        zhTW: '「{value}」不是 {region} 地區的有效電話號碼，MAAC 會拒絕此列。前面補 0 也只會是市話號碼，ListPrep 只替手機號碼補回遺失的 0。照原樣看，它是有效的 {otherCountry} 手機號碼（{otherE164}）：若這就是此人的號碼，請改寫為 {otherE164}；否則請更正或清空此格。',
      },
      {
        when: 'example',
        en: '"{value}" is not a valid phone number for region {region}, so MAAC rejects the row. Correct the number (e.g. {example} or {exampleE164}) or clear the cell.',
        zhTW: '「{value}」不是 {region} 地區的有效電話號碼，MAAC 會拒絕此列。請更正號碼（例如 {example} 或 {exampleE164}）或清空此格。',
      },
    ],
  },
  'phone.other_region': {
    rule: 'R-V2', severity: 'error', scope: 'row',
    label: { en: 'Phone from another country', zhTW: '其他國家的電話' },
    en: '"{value}" is a valid {country} number, but this import is set to {region}; MAAC\'s import takes one country code and rejects it. Import {country} numbers in a separate file (the export can split the file by country).',
    zhTW: '「{value}」是有效的 {country} 號碼，但本次匯入設定為 {region}；MAAC 一次只接受一個國碼，會拒絕此列。請將 {country} 號碼另存一個檔案匯入（匯出時可依國家分檔）。',
  },
  'phone.leading_zero_lost': {
    rule: 'R-V2', severity: 'error', scope: 'row',
    label: { en: 'Leading 0 lost', zhTW: '開頭的 0 不見了' },
    en: '"{value}" lost its leading 0 (a spreadsheet stored the number as a number). Accept the fix to restore it: {fix}. Next time, format the column as Text before typing or pasting numbers.',
    zhTW: '「{value}」開頭的 0 不見了（試算表把號碼當成數字）。接受建議即可補回：{fix}。下次請先將此欄格式設為「文字」再輸入號碼。',
  },
  'phone.scientific': {
    rule: 'R-V2', severity: 'error', scope: 'row',
    label: { en: 'Phone in scientific notation', zhTW: '電話變成科學記號' },
    en: '"{value}" was turned into scientific notation by a spreadsheet: its last digits are gone and cannot be recovered. Re-enter the full number from the original source.',
    zhTW: '「{value}」被試算表轉成科學記號，末幾碼已遺失且無法復原。請從原始資料重新輸入完整號碼。',
  },
  'phone.not_mobile': {
    rule: 'R-V2', severity: 'warning', scope: 'row',
    label: { en: 'Not a mobile number', zhTW: '不是手機號碼' },
    en: '"{value}" is a valid number but not a mobile number ({type}); WhatsApp messages only reach mobile numbers. Use the contact\'s mobile number.',
    zhTW: '「{value}」是有效號碼但不是手機號碼（{type}），WhatsApp 訊息只能送到手機。請改用聯絡人的手機號碼。',
  },
  'email.invalid': {
    rule: 'R-V3', severity: 'error', scope: 'row',
    label: { en: 'Invalid email address', zhTW: '電子郵件地址無效' },
    en: '"{value}" is not a usable email address (it needs one @, a domain with a dot, no spaces or consecutive dots, at most 255 characters), so MAAC rejects the row. Correct the address or clear the cell.',
    zhTW: '「{value}」不是可用的電子郵件地址（需有一個 @、含點的網域、不可有空白或連續的點、最多 255 字），MAAC 會拒絕此列。請更正地址或清空此格。',
  },
  'email.case': {
    rule: 'R-V3', severity: 'info', scope: 'row',
    label: { en: 'Email has capital letters', zhTW: '電子郵件含大寫字母' },
    en: '"{value}" has capital letters. ListPrep assumes MAAC matches emails regardless of case; accept the fix to store it in lower case: {fix}.',
    zhTW: '「{value}」含有大寫字母。ListPrep 假設 MAAC 比對電子郵件時不分大小寫；接受建議可改為小寫：{fix}。',
  },
  'email.domain_typo': {
    rule: 'R-V3', severity: 'warning', scope: 'row',
    label: { en: 'Email domain looks misspelt', zhTW: '電子郵件網域疑似拼錯' },
    en: 'The domain "{domain}" looks like a misspelling of "{suggestion}". If so, accept the fix: {fix}. (MAAC checks domains online; ListPrep works offline and cannot.)',
    zhTW: '網域「{domain}」看起來是「{suggestion}」的拼錯。若是，請接受建議：{fix}。（MAAC 會線上檢查網域，ListPrep 離線運作無法檢查。）',
  },
  'email.offline_check': {
    rule: 'R-V3', severity: 'info', scope: 'file',
    label: { en: 'Email domains not checked', zhTW: '無法檢查電子郵件網域' },
    en: 'MAAC also checks each email domain\'s mail (MX) records online and rejects rows whose domain cannot receive mail. ListPrep works offline and cannot do this check; a few rows may still fail in MAAC.',
    zhTW: 'MAAC 還會線上檢查每個電子郵件網域的郵件（MX）紀錄，並拒絕無法收信的網域。ListPrep 離線運作無法進行此檢查，部分列在 MAAC 仍可能失敗。',
  },
  'status.invalid': {
    rule: 'R-V4', severity: 'error', scope: 'row',
    label: { en: 'Invalid subscription status', zhTW: '訂閱狀態無效' },
    en: '"{value}" is not an accepted messaging_status, so MAAC rejects the row. Use exactly one of: {allowed}.',
    zhTW: '「{value}」不是可接受的 messaging_status，MAAC 會拒絕此列。請使用下列其中之一：{allowed}。',
  },
  'status.missing': {
    rule: 'R-W1', severity: 'error', scope: 'row',
    label: { en: 'Subscription status blank', zhTW: '訂閱狀態空白' },
    en: 'messaging_status is blank, so MAAC skips this whole row: it is neither imported nor updated. Fill in opted_in, opted_out or not_subscribed.',
    zhTW: 'messaging_status 是空白，MAAC 會略過整列，不會匯入也不會更新。請填入 opted_in、opted_out 或 not_subscribed。',
  },
  'required.missing': {
    rule: 'R-V4', severity: 'error', scope: 'row',
    label: { en: 'Required value blank', zhTW: '必填欄位空白' },
    en: 'The required field "{field}" is blank, so MAAC rejects the row. Fill it in.',
    zhTW: '必填欄位「{field}」是空白，MAAC 會拒絕此列。請填入值。',
  },
  'gender.invalid': {
    rule: 'R-V5', severity: 'error', scope: 'row',
    label: { en: 'Invalid gender', zhTW: '性別無效' },
    en: '"{value}" is not an accepted gender, so MAAC rejects the row. Use female, male or unknown.',
    zhTW: '「{value}」不是可接受的性別，MAAC 會拒絕此列。請使用 female、male 或 unknown。',
  },
  'date.invalid': {
    rule: 'R-V6', severity: 'error', scope: 'row',
    label: { en: 'Invalid date', zhTW: '日期無效' },
    en: '"{value}" is not a real date in the form YYYY-MM-DD, so MAAC rejects the row. Write it as YYYY-MM-DD (e.g. 1990-01-02); ListPrep proposes the fix when the date can be read without doubt.',
    zhTW: '「{value}」不是 YYYY-MM-DD 格式的有效日期，MAAC 會拒絕此列。請寫成 YYYY-MM-DD（例如 1990-01-02）；日期可明確判讀時，ListPrep 會提供修正建議。',
  },
  'date.implausible': {
    rule: 'R-V6', severity: 'warning', scope: 'row',
    label: { en: 'Unlikely birthday', zhTW: '生日不太合理' },
    en: 'The birthday {value} is in the future or before 1900. It imports, but check that it is right.',
    zhTW: '生日 {value} 在未來或早於 1900 年。仍會匯入，但請確認是否正確。',
  },
  'datetime.invalid': {
    rule: 'R-V7', severity: 'error', scope: 'row',
    label: { en: 'Invalid date and time', zhTW: '日期時間無效' },
    en: '"{value}" is not a date-time in the form YYYY-MM-DD HH:mm:ss, so MAAC rejects the row. Write it as YYYY-MM-DD HH:mm:ss (e.g. 2025-03-01 10:00:00); ListPrep proposes the fix when it can.',
    zhTW: '「{value}」不是 YYYY-MM-DD HH:mm:ss 格式的日期時間，MAAC 會拒絕此列。請寫成 YYYY-MM-DD HH:mm:ss（例如 2025-03-01 10:00:00）；可判讀時 ListPrep 會提供修正建議。',
  },
  'datetime.timezone': {
    rule: 'R-V7', severity: 'info', scope: 'row',
    label: { en: 'Time stored in UTC', zhTW: '時間會以 UTC 儲存' },
    en: 'MAAC stores this date-time as UTC. Read as {timeZone} time, "{value}" is stored as {fix}.',
    zhTW: 'MAAC 以 UTC 儲存此日期時間。以 {timeZone} 時間解讀，「{value}」會存為 {fix}。',
  },
  'tag.duplicate': {
    rule: 'R-V8', severity: 'info', scope: 'row',
    label: { en: 'Tag listed twice', zhTW: '標籤重複' },
    en: 'The tag "{tag}" is listed more than once in this cell; it is added once.',
    zhTW: '標籤「{tag}」在此格重複出現，只會加入一次。',
  },
  'tag.separator': {
    rule: 'R-V8', severity: 'warning', scope: 'row',
    label: { en: 'Tags split by full-width commas', zhTW: '標籤以全形符號分隔' },
    en: 'Tags are separated with a full-width "，" or "、"; MAAC splits only on "," and would create the single tag "{tag}". Accept the fix to split them: {fix}.',
    zhTW: '標籤以全形「，」或「、」分隔；MAAC 只以半形「,」分隔，會建立單一標籤「{tag}」。接受建議即可拆開：{fix}。',
  },
  'tag.too_long': {
    rule: 'R-V8', severity: 'error', scope: 'row',
    label: { en: 'Tag too long', zhTW: '標籤太長' },
    en: 'The tag "{tag}" has {length} characters; tags are limited to 50 (full- and half-width count alike), so MAAC rejects the row. Shorten it.',
    zhTW: '標籤「{tag}」有 {length} 個字元；標籤上限 50 字（全形半形同樣計算），MAAC 會拒絕此列。請縮短。',
  },
  'custom.number.invalid': {
    rule: 'R-V10', severity: 'error', scope: 'row',
    label: { en: 'Custom number invalid', zhTW: '自訂數字無效' },
    en: '"{value}" is not a number, and custom field "{key}" is a Number field, so MAAC rejects the row. Use digits only, with an optional sign and decimal point.',
    zhTW: '「{value}」不是數字，而自訂欄位「{key}」是數字欄位，MAAC 會拒絕此列。請只用數字（可含正負號與小數點）。',
  },
  'custom.date.invalid': {
    rule: 'R-V10', severity: 'error', scope: 'row',
    label: { en: 'Custom date invalid', zhTW: '自訂日期無效' },
    en: '"{value}" is not a real date in the form YYYY-MM-DD, and custom field "{key}" is a Date field, so MAAC rejects the row. Write it as YYYY-MM-DD; ListPrep proposes the fix when the date can be read without doubt.',
    zhTW: '「{value}」不是 YYYY-MM-DD 格式的有效日期，而自訂欄位「{key}」是日期欄位，MAAC 會拒絕此列。請寫成 YYYY-MM-DD；日期可明確判讀時，ListPrep 會提供修正建議。',
  },
  'custom.datetime.invalid': {
    rule: 'R-V10', severity: 'error', scope: 'row',
    label: { en: 'Custom date and time invalid', zhTW: '自訂日期時間無效' },
    en: '"{value}" is not a date-time in the form YYYY-MM-DD HH:mm:ss, and custom field "{key}" is a DateTime field, so MAAC rejects the row. Write it as YYYY-MM-DD HH:mm:ss; ListPrep proposes the fix when it can.',
    zhTW: '「{value}」不是 YYYY-MM-DD HH:mm:ss 格式的日期時間，而自訂欄位「{key}」是日期時間欄位，MAAC 會拒絕此列。請寫成 YYYY-MM-DD HH:mm:ss；可判讀時 ListPrep 會提供修正建議。',
  },
  'custom.text.too_long': {
    rule: 'R-V10', severity: 'error', scope: 'row',
    label: { en: 'Custom text too long', zhTW: '自訂文字太長' },
    en: 'This value has {length} characters; custom Text fields hold at most 255, so MAAC rejects the row. Shorten it.',
    zhTW: '此值有 {length} 個字元；自訂文字欄位上限 255 字，MAAC 會拒絕此列。請縮短。',
  },
  'cell.null_literal': {
    rule: 'R-V10', severity: 'warning', scope: 'row',
    label: { en: '“null” kept as text', zhTW: '「null」會存成文字' },
    en: 'The word "null" in a standard field is stored as the text "null"; it does not clear the field (only custom fields are cleared by null). Leave the cell blank to keep the current value.',
    zhTW: '標準欄位中的「null」會被存成文字「null」，不會清空欄位（只有自訂欄位能用 null 清空）。若要保留原值，請讓此格空白。',
  },
  'cell.formula_like': {
    rule: 'R-V11', severity: 'warning', scope: 'row',
    label: { en: 'Looks like a formula', zhTW: '看起來像公式' },
    en: 'The value starts with "{first}", so a spreadsheet opening this file would run it as a formula. Check that it is what you meant; ListPrep\'s reports neutralize it.',
    zhTW: '此值以「{first}」開頭，試算表開啟檔案時會當成公式執行。請確認內容正確；ListPrep 的報表會將其中和。',
  },

  // §5 Simulating the import
  'key.missing': {
    rule: 'R-M2', severity: 'error', scope: 'row',
    label: { en: 'Matching key blank', zhTW: '比對鍵空白' },
    en: 'The matching key "{field}" is blank in this row, so MAAC can neither match nor create a contact and skips the row. Fill it in.',
    zhTW: '此列的比對鍵「{field}」是空白，MAAC 無法比對也無法建立聯絡人，會略過此列。請填入值。',
  },
  'key.duplicate_in_file': {
    rule: 'R-M6', severity: 'warning', scope: 'row',
    label: { en: 'Same contact listed twice', zhTW: '同一聯絡人重複出現' },
    en: 'Same {field} as row {firstRow}. MAAC applies rows in order, so when both rows import, this one updates what row {firstRow} wrote (ListPrep assumes MAAC handles repeated keys this way; its documentation is silent). Combine the rows if they are the same person.',
    zhTW: '與第 {firstRow} 列的 {field} 相同。MAAC 依序處理各列，兩列都匯入時，此列會更新第 {firstRow} 列寫入的聯絡人（MAAC 文件未說明重複鍵的處理方式，ListPrep 假設如此）。若是同一人，請合併兩列。',
  },
  'match.multiple': {
    rule: 'R-M4', severity: 'warning', scope: 'row',
    label: { en: 'Several contacts match', zhTW: '多位聯絡人相符' },
    en: '{count} existing contacts share this {field}. MAAC updates the most recently created one ({contactId}) and leaves {others} unchanged. (MAAC documents this for phone; ListPrep assumes the same for every key.) To target a specific contact, use line_uid or customer_id as the matching key.',
    zhTW: '有 {count} 位現有聯絡人使用相同的 {field}。MAAC 會更新最近建立的那一位（{contactId}），{others} 不會變動。（MAAC 說明此規則適用於電話；ListPrep 假設所有比對鍵皆相同。）若要指定聯絡人，請改用 line_uid 或 customer_id 作為比對鍵。',
  },
  'match.not_found': {
    rule: 'R-M5', severity: 'error', scope: 'row',
    label: { en: 'Customer ID not found', zhTW: '找不到此客戶 ID' },
    en: 'No existing contact has customer_id "{value}". MAAC never creates contacts when customer_id is the matching key, so it skips this row. Use another key (e.g. phone or email) to add new contacts.',
    zhTW: '沒有現有聯絡人的 customer_id 是「{value}」。以 customer_id 為比對鍵時 MAAC 不會新增聯絡人，會略過此列。若要新增聯絡人，請改用其他比對鍵（例如電話或電子郵件）。',
  },
  'update.primary_key_ignored': {
    rule: 'R-U3', severity: 'info', scope: 'row',
    label: { en: 'Primary key cannot change', zhTW: '主鍵無法變更' },
    en: '{field} is the primary key of contact {contactId} and cannot be changed by an import: MAAC keeps "{from}" and ignores "{value}".',
    zhTW: '{field} 是聯絡人 {contactId} 的主鍵，匯入無法變更：MAAC 會保留「{from}」並忽略「{value}」。',
  },
  'update.status_irreversible': {
    rule: 'R-E1', severity: 'warning', scope: 'row',
    label: { en: 'Stays unsubscribed', zhTW: '仍維持取消訂閱' },
    en: 'Contact {contactId} is {from}; an import cannot set it back to subscribed (anti-spam rule). The status stays {from}; the row\'s other fields still update. Only the contact can re-subscribe.',
    zhTW: '聯絡人 {contactId} 的狀態是 {from}；匯入無法改回 subscribed（反垃圾郵件規則）。狀態維持 {from}，此列其他欄位仍會更新。只有聯絡人本人能重新訂閱。',
  },
  'update.wa_reoptin': {
    rule: 'R-W2', severity: 'warning', scope: 'row',
    label: { en: 'Opted out, now opted in', zhTW: '退訂後重新訂閱' },
    en: 'Contact {contactId} had opted out; this row opts them back in. MAAC allows it, but messaging someone who opted out without fresh consent risks reports and lowers your WhatsApp quality rating. Make sure you have new consent.',
    zhTW: '聯絡人 {contactId} 先前已退訂（opted_out），此列會讓其重新訂閱。MAAC 允許此操作，但未取得新的同意就傳訊息，容易被檢舉並降低 WhatsApp 品質評分。請確認已取得新的同意。',
  },
  'risk.edm_list': {
    rule: 'R-L1', severity: 'warning', scope: 'file',
    label: { en: 'Email list health risk', zhTW: '名單健康度有風險' },
    en: 'List health: of {rows} rows, {unsubscribed} are unsubscribed, {hardBounce} hard_bounce and {spamReport} spam_report; among subscribed rows, {typoDomains} have a likely misspelt domain and {invalidEmails} an invalid address. MAAC suspends sending after more than 20 hard bounces at over 5%, or 10 spam reports at over 0.5%, within 24 hours. Clean the list before sending to it.',
    zhTW: '名單健康度：{rows} 列中，{unsubscribed} 列為 unsubscribed、{hardBounce} 列為 hard_bounce、{spamReport} 列為 spam_report；subscribed 列中有 {typoDomains} 列網域疑似拼錯、{invalidEmails} 列地址無效。24 小時內硬退信超過 20 次且比率高於 5%，或垃圾郵件檢舉超過 10 次且比率高於 0.5%，MAAC 會暫停發送。發送前請先清理名單。',
  },
  'risk.wa_not_opted_in': {
    rule: 'R-L1', severity: 'warning', scope: 'file',
    label: { en: 'Contacts not opted in', zhTW: '有聯絡人未同意接收' },
    en: '{count} of {rows} rows are not opted_in ({optedOut} opted_out, {notSubscribed} not_subscribed). Messaging them hurts your WhatsApp account\'s quality rating and can get it limited or suspended. Send only to opted_in contacts.',
    zhTW: '{rows} 列中有 {count} 列不是 opted_in（{optedOut} 列 opted_out、{notSubscribed} 列 not_subscribed）。傳訊息給他們會降低 WhatsApp 帳號的品質評分，可能導致額度降低或停權。請只傳給 opted_in 的聯絡人。',
  },

  // §6 Unification
  'identity.conflict': {
    rule: 'R-P3', severity: 'warning', scope: 'row',
    label: { en: 'Identity conflict', zhTW: '身分衝突' },
    en: 'These contacts look like one person (linked by {linkedBy}) but carry different customer IDs ({customerIds}), so MAAC does not merge them and reports an identity conflict. Correct the wrong customer_id, then re-import.',
    zhTW: '這些聯絡人看起來是同一人（以 {linkedBy} 連結），但 customer ID 不同（{customerIds}），MAAC 不會合併並標示為身分衝突。請更正錯誤的 customer_id 後重新匯入。',
  },

  // §7 Contact snapshot and field definitions
  'snapshot.created_at_missing': {
    rule: 'R-M4', severity: 'warning', scope: 'file',
    label: { en: 'Creation times missing', zhTW: '缺少建立時間' },
    en: 'The contact snapshot has no created_at column, so ListPrep uses file order as creation order (later rows count as newer). When several contacts share a phone, the one MAAC updates may differ: export contacts with their creation time for an exact answer.',
    zhTW: '聯絡人快照沒有 created_at 欄，ListPrep 以檔案順序作為建立順序（越下面越新）。多位聯絡人共用電話時，實際被更新的聯絡人可能不同：請匯出含建立時間的聯絡人以取得準確結果。',
  },
  'snapshot.channel_unknown': {
    rule: '§7', severity: 'warning', scope: 'row',
    label: { en: 'Contact channel unknown', zhTW: '聯絡人渠道不明' },
    en: 'The channel of this contact cannot be told ({value}): it has no channel column value, line_uid, WhatsApp_mobile, EDM status or phone. It is left out of matching; add a channel (line, email, whatsapp or sms).',
    zhTW: '無法判斷此聯絡人的渠道（{value}）：沒有 channel 值、line_uid、WhatsApp_mobile、EDM 狀態或電話。此聯絡人不參與比對；請填入渠道（line、email、whatsapp 或 sms）。',
  },
  'snapshot.id_duplicate': {
    rule: '§7', severity: 'warning', scope: 'row',
    label: { en: 'Contact ID repeated', zhTW: '聯絡人 ID 重複' },
    en: 'contact_id "{value}" was already used in row {firstRow}; this contact gets the id "{fix}" so both are kept.',
    zhTW: 'contact_id「{value}」已在第 {firstRow} 列使用；此聯絡人改用「{fix}」，兩者都會保留。',
  },
  'definitions.invalid': {
    rule: '§7', severity: 'error', scope: 'row',
    label: { en: 'Unusable field definition', zhTW: '欄位定義無法使用' },
    en: 'This field definition is not usable ({reason}). Each line needs key, type (text, number, date or datetime) and status (active or archived).',
    zhTW: '此欄位定義無法使用（{reason}）。每一列需要 key、type（text、number、date 或 datetime）與 status（active 或 archived）。',
  },
});

export type IssueCode = keyof typeof CODES;
export const ALL_CODES = Object.keys(CODES) as IssueCode[];

export function isIssueCode(code: string): code is IssueCode {
  return Object.prototype.hasOwnProperty.call(CODES, code);
}

/** Codes whose error makes MAAC silently pass the row over instead of rejecting it (RULES.md §1). */
export const SKIP_CODES: ReadonlySet<string> = new Set(['status.missing', 'key.missing', 'match.not_found']);

/** Codes the simulation adds (they are recomputed whenever the import is replayed, never by validation). */
export const SIMULATION_CODES: ReadonlySet<string> = new Set([
  'key.duplicate_in_file', 'match.multiple', 'match.not_found', 'update.primary_key_ignored', 'update.status_irreversible', 'update.wa_reoptin',
]);

/** Codes the reader attaches to a record (kept with the row, so a re-check from the case store keeps them). */
export const READ_CODES: ReadonlySet<string> = new Set(['row.ragged', 'file.unterminated_quote', 'cell.too_large', 'cell.encoding']);
