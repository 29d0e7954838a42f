import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | null;
}

/**
 * Text a spreadsheet would take for a formula once the cell is edited, or on import elsewhere:
 * = + - @ (formulas, DDE) and a leading tab or carriage return.
 */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/**
 * Adds a row of values. Text that could be read as a formula is kept text: it is a string cell
 * (never a formula cell) with the Text number format "@", so Excel, WPS and LibreOffice show it
 * as typed and keep it text when someone edits the cell (exceljs cannot write quotePrefix; the
 * Text format has the same effect). Every xlsx Yilian writes adds its rows here.
 */
export function addTextSafeRow(sheet: ExcelJS.Worksheet, values: (string | number | null)[]): ExcelJS.Row {
  const row = sheet.addRow(values);
  row.eachCell((cell) => {
    if (typeof cell.value === 'string' && FORMULA_LIKE.test(cell.value)) cell.numFmt = '@';
  });
  return row;
}

/** At most this many rows go into one export: an office prints a roster, not the database. */
export const EXPORT_MAX_ROWS = 10_000;

/** One sheet with a bold, frozen header row, ready to print on A4 landscape. */
export async function sendXlsx<T>(
  reply: FastifyReply,
  filename: string,
  sheetName: string,
  columns: XlsxColumn<T>[],
  rows: T[],
) {
  const book = new ExcelJS.Workbook();
  book.creator = 'Yilian';
  const sheet = book.addWorksheet(sheetName, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows)
    addTextSafeRow(
      sheet,
      columns.map((c) => c.value(row) ?? ''),
    );
  const data = Buffer.from(await book.xlsx.writeBuffer());
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(data);
}
