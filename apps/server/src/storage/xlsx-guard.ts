import { inflateRawSync } from 'node:zlib';
import { AppError } from '../errors.js';

// An .xlsx is a zip of XML parts. exceljs (through JSZip) inflates every part into memory and then
// builds an object for every row, cell, string and style, so a small upload can cost gigabytes
// and minutes: a 2 MB zip of repeated bytes inflates to 2 GB. This guard reads the zip's own
// directory and refuses such a file before exceljs sees it, in time and memory bounded by the
// limits below, whatever the file says about itself:
//   - the sizes the central directory declares are summed first, without inflating anything;
//   - then every entry is inflated with its declared size as a hard cap (node:zlib stops at the cap),
//     so a header that lies about its size is caught within the cap too;
//   - rows and cells of the XML are counted on the inflated bytes, so the sheet exceljs would build
//     is known to be small before it is built.
// The zip must be plain, as Excel, WPS and LibreOffice write it: one disk, no ZIP64, no encryption,
// stored or deflated entries, the central directory right before its end record, every entry's
// data inside the file and apart from the others. That makes JSZip read exactly the entries and
// bytes measured here (it finds the end record the same way, walks the same directory records and
// would otherwise shift offsets for "prepended" bytes), so what is checked is what is parsed.

/** A report form is about 150 KB inflated (200 indicator rows); these leave a wide margin. */
export const XLSX_LIMITS = {
  /** Entries in the zip: Excel writes about 10, WPS about 15. */
  entries: 100,
  /** All entries inflated, in bytes. exceljs parses about 2-4 MB of XML a second. */
  inflatedBytes: 4 * 1024 * 1024,
  /** <row> elements in all parts (the form has one per indicator, at most 200). */
  rows: 2_000,
  /** <c> (cell) elements in all parts. */
  cells: 20_000,
};

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const refuse = (code: 'validation_failed' | 'payload_too_large', message: string) =>
  new AppError(code, `file: ${message}`, [{ field: 'file', message }]);
const unreadable = (why: string) => refuse('validation_failed', `is not a readable .xlsx workbook (${why})`);

interface Entry {
  method: number;
  compressed: number;
  size: number;
  /** Where the entry's data starts and ends in the file. */
  start: number;
  end: number;
  /** Where its local header starts. */
  local: number;
}

/** The central directory, checked for the plain shape described above. Inflates nothing. */
function readDirectory(buf: Buffer): Entry[] {
  // The end record is the last occurrence of its signature, as JSZip looks for it, and must end
  // the file exactly (its comment included): nothing hides behind it.
  const sig = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
  const eocd = buf.lastIndexOf(sig);
  if (eocd < 0 || eocd + 22 > buf.length) throw unreadable('no end of central directory');
  if (eocd + 22 + buf.readUInt16LE(eocd + 20) !== buf.length) throw unreadable('data after the end record');
  const [disk, cdDisk, onDisk, count] = [0, 2, 4, 6].map((o) => buf.readUInt16LE(eocd + 4 + o)) as [
    number,
    number,
    number,
    number,
  ];
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw unreadable('ZIP64');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw unreadable('more than one disk');
  if (count > XLSX_LIMITS.entries)
    throw refuse('payload_too_large', `has more than ${XLSX_LIMITS.entries} parts`);
  if (cdOffset + cdSize !== eocd) throw unreadable('the central directory is not where its end record says');

  const entries: Entry[] = [];
  let at = cdOffset;
  let declared = 0;
  while (at < eocd) {
    if (at + 46 > eocd || buf.readUInt32LE(at) !== CENTRAL) throw unreadable('a broken directory record');
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    if (flags & 0x1) throw unreadable('encrypted');
    if (method !== 0 && method !== 8) throw unreadable(`compression method ${method}`);
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw unreadable('ZIP64');
    if (method === 0 && compressed !== size) throw unreadable('a stored entry of two sizes');
    declared += size;
    if (declared > XLSX_LIMITS.inflatedBytes) throw tooBig();
    // The local header: its name must be the directory's (JSZip names entries by the local one).
    if (local + 30 > cdOffset || buf.readUInt32LE(local) !== LOCAL) throw unreadable('a broken local header');
    const localName = buf.readUInt16LE(local + 26);
    const start = local + 30 + localName + buf.readUInt16LE(local + 28);
    const end = start + compressed;
    if (end > cdOffset) throw unreadable('an entry runs past its end');
    if (
      localName !== nameLength ||
      !buf.subarray(local + 30, local + 30 + localName).equals(buf.subarray(at + 46, at + 46 + nameLength))
    )
      throw unreadable('an entry of two names');
    entries.push({ method, compressed, size, start, end, local });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    if (entries.length > count) break;
  }
  if (at !== eocd || entries.length !== count) throw unreadable('the directory does not match its count');
  // No two entries share bytes: overlapping entries multiply what a few bytes inflate to.
  const sorted = [...entries].sort((a, b) => a.local - b.local);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.local < sorted[i - 1]!.end) throw unreadable('entries overlap');
  return entries;
}

const tooBig = () =>
  refuse('payload_too_large', `inflates to more than ${XLSX_LIMITS.inflatedBytes / 1024 / 1024} MB`);

/** Counts matches of an element's start tag (unprefixed, as exceljs reads them). */
const countTags = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/**
 * Throws a 413 or 400 naming `file` unless the workbook is a plain zip that inflates to at most
 * XLSX_LIMITS.inflatedBytes with at most XLSX_LIMITS.rows rows and .cells cells. Time and memory
 * are bounded by those limits, never by what the file declares.
 */
export function assertWorkbookWithinLimits(buf: Buffer): void {
  const entries = readDirectory(buf);
  let rows = 0;
  let cells = 0;
  for (const e of entries) {
    const raw = buf.subarray(e.start, e.end);
    let data: Buffer;
    if (e.method === 0) data = raw;
    else {
      try {
        // At most the declared size is ever produced: more means the header lies.
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw refuse('payload_too_large', 'a part inflates to more than the size it declares');
        throw unreadable('an entry does not inflate');
      }
      if (data.length !== e.size) throw unreadable('an entry is not the size it declares');
    }
    const text = data.toString('latin1');
    rows += countTags(text, /<row[\s/>]/g);
    cells += countTags(text, /<c[\s/>]/g);
    if (rows > XLSX_LIMITS.rows) throw refuse('validation_failed', `has more than ${XLSX_LIMITS.rows} rows`);
    if (cells > XLSX_LIMITS.cells)
      throw refuse('validation_failed', `has more than ${XLSX_LIMITS.cells} cells`);
  }
}
