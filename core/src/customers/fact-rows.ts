import type { FactKind, Message } from '@rapport/schemas';
import type { Cell, TableRow } from './table.js';

export type { FactKind };

/** A fact as read from one row, before it is tied to a customer. */
export interface FactRow {
  row: number;
  customerCode: string;
  date: Date;
  kind: FactKind;
  amount: number;
  product: string | null;
  externalId: string | null;
}

/** One thing wrong with an uploaded file: where (row, column as headed in the file) and why. */
export interface RowProblem {
  in: 'file';
  row: number;
  column: string;
  value?: string;
  message: Message;
}

type Column = 'customerCode' | 'date' | 'kind' | 'amount' | 'product' | 'externalId';

/** Header names a file may use for each column, in English or Chinese (compared case-insensitively). */
const HEADERS: Record<Column, string[]> = {
  customerCode: ['customercode', 'customer code', 'customer', 'code', '客户编号', '客户代码', '客户号'],
  date: ['date', '日期', '业务日期'],
  kind: ['kind', 'type', '类型', '种类'],
  amount: ['amount', 'value', '金额', '数额'],
  product: ['product', '产品'],
  externalId: ['externalid', 'external id', 'id', '外部编号', '流水号'],
};
const REQUIRED: Column[] = ['customerCode', 'date', 'kind', 'amount'];

const KIND_NAMES: Record<string, FactKind> = {
  transaction: 'transaction',
  balance: 'balance',
  volume: 'volume',
  交易: 'transaction',
  余额: 'balance',
  业务量: 'volume',
};

const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell).trim();

/** A calendar day as midnight UTC: `YYYY-MM-DD` or `YYYY/MM/DD` text, or an XLSX date cell. */
export function parseDay(cell: Cell | undefined): Date | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return new Date(Date.UTC(cell.getUTCFullYear(), cell.getUTCMonth(), cell.getUTCDate()));
  }
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text(cell));
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = new Date(Date.UTC(y, m - 1, d));
  // 2024-02-30 rolls over to March in Date.UTC: a real day maps back to itself.
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d ? day : null;
}

/** A finite number; text may group thousands with commas (1,234.50). */
export function parseAmount(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  const raw = text(cell);
  if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(raw)) return null;
  const value = Number(raw.replaceAll(',', ''));
  return Number.isFinite(value) ? value : null;
}

const problem = (row: number, column: string, value: string, en: string, zh: string): RowProblem => ({
  in: 'file',
  row,
  column,
  ...(value === '' ? {} : { value: value.slice(0, 100) }),
  message: { en, zh },
});

/**
 * Reads fact rows from a table whose first row is the header. Every problem is reported with its
 * row and column; rows with problems are left out of `facts`. Customer codes are checked later.
 */
export function readFactRows(
  rows: TableRow[],
  latestDay: Date,
): { facts: FactRow[]; problems: RowProblem[] } {
  const [header, ...data] = rows;
  const problems: RowProblem[] = [];
  if (!header) return { facts: [], problems };
  const names = header.cells.map((c) => text(c));
  const index = {} as Record<Column, number>;
  for (const column of Object.keys(HEADERS) as Column[]) {
    const at = names.findIndex((n) => HEADERS[column].includes(n.toLowerCase()));
    if (at >= 0) index[column] = at;
  }
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    for (const column of missing)
      problems.push(
        problem(
          header.row,
          column,
          '',
          `the header has no "${column}" column (or ${HEADERS[column].slice(-2).join(' / ')})`,
          `表头缺少“${column}”列（或 ${HEADERS[column].slice(-2).join(' / ')}）`,
        ),
      );
    return { facts: [], problems };
  }
  const columnName = (c: Column) => names[index[c]] as string;
  const seenIds = new Map<string, number>();
  const facts: FactRow[] = [];
  for (const { row, cells } of data) {
    const at = (c: Column) => (index[c] === undefined ? null : (cells[index[c]] ?? null));
    const before = problems.length;
    const customerCode = text(at('customerCode'));
    if (!customerCode)
      problems.push(
        problem(row, columnName('customerCode'), '', 'the customer code is empty', '客户编号为空'),
      );
    const date = parseDay(at('date'));
    if (!date)
      problems.push(
        problem(
          row,
          columnName('date'),
          text(at('date')),
          'not a date (write it as 2025-03-31)',
          '不是有效日期（格式如 2025-03-31）',
        ),
      );
    else if (date > latestDay)
      problems.push(
        problem(row, columnName('date'), text(at('date')), 'the date is in the future', '日期晚于今天'),
      );
    const kind = KIND_NAMES[text(at('kind')).toLowerCase()];
    if (!kind)
      problems.push(
        problem(
          row,
          columnName('kind'),
          text(at('kind')),
          'the kind is one of transaction, balance, volume',
          '类型须为 交易、余额 或 业务量（transaction、balance、volume）',
        ),
      );
    const amount = parseAmount(at('amount'));
    if (amount === null)
      problems.push(problem(row, columnName('amount'), text(at('amount')), 'not a number', '不是数字'));
    const product = text(at('product')).slice(0, 100) || null;
    const externalId = text(at('externalId')) || null;
    if (externalId && externalId.length > 100)
      problems.push(
        problem(row, columnName('externalId'), externalId, 'at most 100 characters', '最多 100 个字符'),
      );
    else if (externalId && seenIds.has(externalId))
      problems.push(
        problem(
          row,
          columnName('externalId'),
          externalId,
          `the same external id as row ${seenIds.get(externalId)}`,
          `与第 ${seenIds.get(externalId)} 行的外部编号重复`,
        ),
      );
    if (externalId && !seenIds.has(externalId)) seenIds.set(externalId, row);
    if (problems.length === before && date && kind && amount !== null)
      facts.push({ row, customerCode, date, kind, amount, product, externalId });
  }
  return { facts, problems };
}

/** The column a problem about a row's customer code or external id is reported under. */
export function headerOf(rows: TableRow[], column: 'customerCode' | 'externalId'): string {
  const names = (rows[0]?.cells ?? []).map((c) => text(c));
  return names.find((n) => HEADERS[column].includes(n.toLowerCase())) ?? column;
}

export const rowProblem = problem;
