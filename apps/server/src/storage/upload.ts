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
  /** A safe file name (see safeFileName): no path, control or bidi characters; the type's extension. */
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
 * What reading a multipart body can throw, as a refusal naming `file`: the size limit (413), and
 * a body busboy cannot parse (400): no boundary in the content type, a part cut short, headers
 * that never end. Those are the client's bytes, never the server's fault.
 */
function multipartError(err: unknown, tooLarge: () => AppError): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge();
  if (e.statusCode === 413) return fileError('payload_too_large', 'too many parts or fields');
  const why = (e.message ?? 'unreadable').replace(/^Multipart: /, '').slice(0, 100);
  return fileError('validation_failed', `the multipart body is malformed (${why})`);
}

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
  const tooLarge = () => fileError('payload_too_large', `larger than ${maxMb} MB`);
  const part = await req.file().catch((err: unknown) => {
    throw multipartError(err, tooLarge);
  });
  if (!part || part.fieldname !== 'file') throw fileError('validation_failed', 'is required');
  const data = await part.toBuffer().catch((err: unknown) => {
    throw multipartError(err, tooLarge);
  });
  if (data.length === 0) throw fileError('validation_failed', 'is empty');
  const type = sniff(data);
  if (!type || !accepted[type]) {
    const kinds = accepted === DOCUMENT_EXTENSIONS ? 'a PDF, PNG or JPEG file' : 'an .xlsx workbook';
    throw fileError('unsupported_media_type', `must be ${kinds}`);
  }
  const ext = accepted[type]!;
  return { name: safeFileName(part.filename, ext), type, ext, data };
}

/** Other spellings of an extension that name the same type. */
const SAME_TYPE: Record<string, string[]> = { jpg: ['jpg', 'jpeg'] };

/**
 * The name a file is stored and offered for download under: what the user called it, less what
 * could make it lie. Path separators and control characters become "_"; invisible format
 * characters go, among them the bidirectional overrides and isolates (U+202A-E, U+2066-9,
 * U+200E/F) that show "invoice\u202Efdp.exe" as "invoiceexe.pdf". The extension is the one of
 * the type the bytes show: "report.pdf.exe" holding a PDF is stored as "report.pdf", "x.exe" as
 * "x.pdf".
 */
export function safeFileName(given: string, ext: string): string {
  let name = given
    .normalize('NFC')
    .replace(/[\\/\p{Cc}\p{Zl}\p{Zp}]/gu, '_')
    .replace(/\p{Cf}/gu, '')
    .trim()
    .replace(/^\.+|\.+$/g, '');
  const extension = (n: string) => /\.([A-Za-z0-9]{1,8})$/.exec(n);
  const fits = (m: RegExpExecArray | null) => !!m && (SAME_TYPE[ext] ?? [ext]).includes(m[1]!.toLowerCase());
  let m = extension(name);
  if (m && !fits(m)) m = extension((name = name.slice(0, m.index))); // "report.pdf.exe" -> "report.pdf"
  const base = m && fits(m) ? name.slice(0, m.index) : name;
  const suffix = m && fits(m) ? m[0] : `.${ext}`;
  return `${base.slice(0, 200 - suffix.length).trim() || 'document'}${suffix}`;
}
