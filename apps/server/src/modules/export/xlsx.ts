import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface XlsxColumn<T> {
  header: string;
  width: number;
  value: (row: T) => string | number | null;
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
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row) ?? ''));
  const data = Buffer.from(await book.xlsx.writeBuffer());
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(data);
}
