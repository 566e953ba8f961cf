import ExcelJS from 'exceljs';
import { Errors } from '../infra/errors.js';

/** A cell as read from a file: text, a number, a date (XLSX date cells) or nothing. */
export type Cell = string | number | Date | null;

/** One non-empty row with its number in the file (the header is row 1 when it is the first line). */
export interface TableRow {
  row: number;
  cells: Cell[];
}

export type TableFormat = 'csv' | 'xlsx';

export const MAX_ROWS = 20_000;

function unreadable(en: string, zh: string): Error {
  const err = new Errors.CUSTOMERS_UNREADABLE_FILE();
  (err as unknown as { details: unknown }).details = [{ in: 'file', path: '/', message: { en, zh } }];
  return err;
}

/** UTF-8 (with or without BOM); else GB18030, which spreadsheet programs on Chinese Windows write. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): TableRow[] {
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let record = 1;
  const endRecord = () => {
    cells.push(field);
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: record, cells });
    record += 1;
    cells = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
    if (rows.length > MAX_ROWS + 1) break;
  }
  if (quoted) throw unreadable('a quoted field is never closed', '有引号未闭合的字段');
  if (field !== '' || cells.length > 0) endRecord();
  return rows;
}

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    // A formula counts by the value it last computed, as the spreadsheet showed it.
    if ('result' in value) return cellOf((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return null;
}

async function parseXlsx(bytes: Buffer): Promise<TableRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable('the file is not a readable XLSX workbook', '文件不是可读取的 XLSX 工作簿');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rows.length > MAX_ROWS + 1) return;
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellOf(cell.value);
    });
    const filled = Array.from(cells, (c) => c ?? null);
    if (filled.some((c) => c !== null && String(c).trim() !== ''))
      rows.push({ row: rowNumber, cells: filled });
  });
  return rows;
}

/** The rows of an uploaded table, empty rows left out; more than MAX_ROWS data rows is refused. */
export async function readTable(format: TableFormat, bytes: Buffer): Promise<TableRow[]> {
  const rows = format === 'csv' ? parseCsv(decode(bytes)) : await parseXlsx(bytes);
  if (rows.length === 0) throw unreadable('the file has no rows', '文件中没有数据行');
  if (rows.length > MAX_ROWS + 1)
    throw unreadable(
      `the file has more than ${MAX_ROWS} rows; split it`,
      `文件超过 ${MAX_ROWS} 行，请拆分后导入`,
    );
  return rows;
}
