import { GRADE_LABELS, INDICATOR_CATEGORY_LABELS, type Message, RESULT_LEVEL_LABELS } from '@rapport/schemas';
import ExcelJS from 'exceljs';
import { neutralise } from '../submissions/export.js';
import type { ReportsService } from './service.js';

type ResultRow = Awaited<ReturnType<ReportsService['resultsOf']>>['rows'][number];

const both = (m: Message) => `${m.zh} / ${m.en}`;

/** The results sheet's columns: a heading in both languages and the cell of a row. */
const COLUMNS: { title: string; width: number; cell: (r: ResultRow) => string | number | null }[] = [
  { title: '排名 / Rank', width: 8, cell: (r) => r.rank },
  { title: '姓名 / Name', width: 14, cell: (r) => r.name },
  { title: '邮箱 / Email', width: 24, cell: (r) => r.email },
  { title: '机构 / Unit', width: 22, cell: (r) => (r.orgUnit ? both(r.orgUnit) : null) },
  { title: '等级 / Grade', width: 28, cell: (r) => both(GRADE_LABELS[r.grade]) },
  { title: '总分 / Total', width: 10, cell: (r) => r.total },
  {
    title: '考核结果 / Result',
    width: 18,
    cell: (r) => (r.level ? both(RESULT_LEVEL_LABELS[r.level]) : null),
  },
  ...(['performance', 'behaviour', 'ability'] as const).map((c) => ({
    title: both(INDICATOR_CATEGORY_LABELS[c]),
    width: 14,
    cell: (r: ResultRow) => r.categories[c],
  })),
  { title: '已校准 / Calibrated', width: 14, cell: (r) => (r.calibrated ? '是 / Yes' : '否 / No') },
  { title: '反馈意见 / Feedback', width: 48, cell: (r) => r.feedback || null },
];

/** A cycle's results as an XLSX workbook; text a spreadsheet would run as a formula is neutralised. */
export async function resultsWorkbook(rows: ResultRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('考核结果 Results', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.title, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(COLUMNS.map((c) => neutralise(c.cell(row))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
