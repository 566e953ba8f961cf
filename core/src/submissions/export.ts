import { type FormField, getAt, leafFields } from '@rapport/schemas';
import ExcelJS from 'exceljs';
import type { FormVersionDoc } from '../forms/service.js';
import { schemaOf } from '../forms/service.js';
import type { SubmissionDoc } from './service.js';

export type ExportFormat = 'csv' | 'xlsx';

type Cell = string | number | boolean | null;

/** A spreadsheet would run these as formulas: `'` makes them text (OWASP CSV injection). */
export function neutralise(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Columns: the latest version's fields first, then fields only older versions had, so no data is left out. */
function columnsOf(versions: FormVersionDoc[]): FormField[] {
  const seen = new Set<string>();
  const columns: FormField[] = [];
  for (const version of [...versions].sort((a, b) => b.version - a.version)) {
    for (const field of leafFields(schemaOf(version))) {
      if (seen.has(field.pointer)) continue;
      seen.add(field.pointer);
      columns.push(field);
    }
  }
  return columns;
}

function toCell(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** The rows of an export: a header, then one row per submission, every cell neutralised. */
export function exportRows(versions: FormVersionDoc[], submissions: SubmissionDoc[]): Cell[][] {
  const columns = columnsOf(versions);
  const header = [
    'id',
    'submittedBy',
    'email',
    'submittedAt',
    'version',
    'score',
    ...columns.map((c) => (c.node.title ? `${c.node.title} (${c.pointer})` : c.pointer)),
  ];
  const rows = submissions.map((s) => [
    s._id.toHexString(),
    s.submittedBy.name,
    s.submittedBy.email,
    s.submittedAt?.toISOString() ?? null,
    s.version,
    s.score,
    ...columns.map((c) => toCell(getAt(s.data, c.pointer))),
  ]);
  return [header, ...rows].map((row) => row.map(neutralise));
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The export as a file: CSV (UTF-8 with BOM, so spreadsheet programs read Chinese right) or XLSX. */
export async function exportFile(format: ExportFormat, rows: Cell[][]): Promise<Buffer> {
  if (format === 'csv')
    return Buffer.from(`\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('submissions');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
