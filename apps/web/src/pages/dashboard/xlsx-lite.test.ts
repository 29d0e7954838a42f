import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxBytes } from './xlsx-lite';

// The browser-written sheet must open in a real spreadsheet reader: exceljs reads it back here.

async function read(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as never);
  return book;
}

describe('a one-sheet xlsx written without a library', () => {
  it('holds the header and rows: Chinese text, numbers, and empty cells left empty', async () => {
    const book = await read(
      xlsxBytes(
        '月度转诊',
        ['月份', '上转', '说明'],
        [
          ['2026-10', 12, null],
          ['2026-11', 0, '含 <绿色通道> & "急诊"'],
        ],
      ),
    );
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('月度转诊');
    expect(sheet.getRow(1).values).toEqual([undefined, '月份', '上转', '说明']);
    expect(sheet.getCell('A2').value).toBe('2026-10');
    expect(sheet.getCell('B2').value).toBe(12);
    expect(sheet.getCell('C2').value).toBeNull();
    expect(sheet.getCell('B3').value).toBe(0);
    expect(sheet.getCell('C3').value).toBe('含 <绿色通道> & "急诊"');
    expect(sheet.rowCount).toBe(3);
  });

  it('names columns past Z as a spreadsheet does (AA, AB), and keeps a sheet name Excel accepts', async () => {
    const header = Array.from({ length: 28 }, (_, i) => `c${i + 1}`);
    const book = await read(
      xlsxBytes('流向/按月: 2026 [全部] 以及更长的名称超过三十一个字符的部分', header, [
        header.map((_, i) => i),
      ]),
    );
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('AA1').value).toBe('c27');
    expect(sheet.getCell('AB2').value).toBe(27);
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    expect(sheet.name).not.toMatch(/[\\/?*[\]:]/);
  });
});
