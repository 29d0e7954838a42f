import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

/** Document types Yilian stores: PDF and the two image formats every scanner and phone makes. */
export const DOCUMENT_EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Spreadsheets a member imports (reported data), never stored as documents. */
export const SPREADSHEET_EXTENSIONS: Record<string, string> = { [XLSX_TYPE]: 'xlsx' };

export interface UploadedFile {
  /** A safe file name (no path, no control characters). */
  name: string;
  /** The type the file's own bytes declare, never the client's word. */
  type: string;
  ext: string;
  data: Buffer;
}

/** The file's first bytes say what it is. */
function sniff(data: Buffer): string | undefined {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  // An Office Open XML workbook is a zip; exceljs refuses one that is not a workbook inside.
  if (data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return XLSX_TYPE;
  return undefined;
}

const fileError = (
  code: 'validation_failed' | 'payload_too_large' | 'unsupported_media_type',
  message: string,
) => new AppError(code, `file: ${message}`, [{ field: 'file', message }]);

/**
 * Reads the multipart field `file` of a request: required, not empty, within the size limit the
 * multipart plugin sets, and a PDF, PNG or JPEG by its content.
 */
export async function readUploadedFile(
  req: FastifyRequest,
  maxMb: number,
  accepted: Record<string, string> = DOCUMENT_EXTENSIONS,
): Promise<UploadedFile> {
  if (!req.isMultipart()) throw fileError('unsupported_media_type', 'send it as multipart/form-data');
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw fileError('validation_failed', 'is required');
  const data = await part.toBuffer().catch((err: { code?: string }) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE')
      throw fileError('payload_too_large', `larger than ${maxMb} MB`);
    throw err;
  });
  if (data.length === 0) throw fileError('validation_failed', 'is empty');
  const type = sniff(data);
  if (!type || !accepted[type]) {
    const kinds = accepted === DOCUMENT_EXTENSIONS ? 'a PDF, PNG or JPEG file' : 'an .xlsx workbook';
    throw fileError('unsupported_media_type', `must be ${kinds}`);
  }
  const ext = accepted[type]!;
  // eslint-disable-next-line no-control-regex
  const name = part.filename.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `document.${ext}`;
  return { name, type, ext, data };
}
