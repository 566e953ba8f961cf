import { isoWeekOf, mondayOf } from '@rapport/schemas';
import { describe, expect, it } from 'vitest';
import { parseAmount, parseDay } from './fact-rows.js';
import { parseCsv, readTable } from './table.js';

describe('ISO weeks', () => {
  it('puts the first days of January in the previous year when the week is mostly there', () => {
    expect(isoWeekOf(new Date('2021-01-03T00:00:00Z'))).toBe('2020-W53');
    expect(isoWeekOf(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01');
    expect(mondayOf('2025-W01')?.toISOString().slice(0, 10)).toBe('2024-12-30');
    expect(mondayOf('2020-W53')).not.toBeNull();
    expect(mondayOf('2021-W53')).toBeNull();
  });
});

describe('reading cells', () => {
  it('takes real calendar days and plain or grouped numbers only', () => {
    expect(parseDay('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDay('2023-02-29')).toBeNull();
    expect(parseDay('2024/3/5')?.toISOString().slice(0, 10)).toBe('2024-03-05');
    expect(parseAmount('1,234.50')).toBe(1234.5);
    expect(parseAmount('-20')).toBe(-20);
    expect(parseAmount('12,34')).toBeNull();
    expect(parseAmount('1e9')).toBeNull();
  });

  it('reads quoted CSV fields and GB18030 files as spreadsheet programs on Chinese Windows write them', async () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\n\n3,"multi\nline"').map((r) => [r.row, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x, "y"', '2']],
      [4, ['3', 'multi\nline']],
    ]);
    // 客户编号 in GB18030.
    const gbk = Buffer.from([0xbf, 0xcd, 0xbb, 0xa7, 0xb1, 0xe0, 0xba, 0xc5, 0x0a, 0x41]);
    expect((await readTable('csv', gbk))[0]?.cells).toEqual(['客户编号']);
  });
});
