import ExcelJS from 'exceljs';
import type { Indicator, ReportFormDetail, ReportValueInput } from '@yilian/domain';
import { AppError } from '../../errors.js';
import { assertWorkbookWithinLimits } from '../../storage/xlsx-guard.js';
import { addTextSafeRow } from '../export/xlsx.js';

// A report form as a sheet members fill offline and import: one row per indicator, the code in
// the first column so the import never depends on the (bilingual) names.

const HEADERS = [
  '代码 Code',
  '指标 Indicator',
  '分子 Numerator',
  '分母 Denominator',
  '说明 Note',
  '单位 Unit',
];

export async function formWorkbook(form: ReportFormDetail, defs: Indicator[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Yilian';
  const sheet = book.addWorksheet(form.period, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [14, 60, 16, 16, 40, 10].map((width, i) => ({ header: HEADERS[i], width }));
  sheet.getRow(1).font = { bold: true };
  for (const v of form.values) {
    const d = defs.find((x) => x.code === v.code)!;
    addTextSafeRow(sheet, [
      v.code,
      d.nameZh,
      v.numerator ?? '',
      d.kind === 'rate' ? (v.denominator ?? '') : '—',
      v.note ?? '',
      d.unit,
    ]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const bad = (message: string, field = 'file') =>
  new AppError('validation_failed', `file: ${message}`, [{ field, message }]);

function numberIn(cell: ExcelJS.CellValue, at: string): number | null {
  if (cell === null || cell === undefined || cell === '' || cell === '—') return null;
  const v = typeof cell === 'object' && 'result' in cell ? cell.result : cell; // a formula's cached result
  const n = typeof v === 'number' ? v : Number(String(v).replace(/,/g, '').trim());
  if (!Number.isFinite(n)) throw bad(`${at} is not a number`);
  return n;
}

/** Reads the sheet back into entries; the service then checks them as if typed in. */
export async function readFormWorkbook(data: Buffer): Promise<ReportValueInput[]> {
  // Sizes and rows are bounded before exceljs inflates or parses anything (a zip bomb is refused).
  assertWorkbookWithinLimits(data);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw bad('is not a readable .xlsx workbook');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw bad('has no sheet');
  const out: ReportValueInput[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const code = String(row.getCell(1).value ?? '').trim();
    if (!code) return;
    const note = String(row.getCell(5).value ?? '').trim();
    out.push({
      code,
      numerator: numberIn(row.getCell(3).value, `row ${n} numerator`),
      denominator: numberIn(row.getCell(4).value, `row ${n} denominator`),
      note: note || null,
    });
  });
  if (out.length === 0) throw bad('has no indicator rows');
  if (out.length > 200) throw bad('has more than 200 rows');
  return out;
}
