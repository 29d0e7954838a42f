// 居民身份证 (GB 11643-1999): 17 digits and a check character over ISO 7064 MOD 11-2.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** True when the number has the right form, a real birth date and the right check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || birth < '1900-01-01')
    return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

/** The birth date a resident ID carries, as YYYY-MM-DD. */
export function birthDateOfResidentId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Appends the right check character to 17 digits (for tests and demo data). */
export function withCheckDigit(first17: string): string {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return first17 + CHECK[sum % 11];
}

/** ICD-10 code as used in China (GB/T 14396): a letter, two characters, optional subcategory. */
export const ICD10_PATTERN = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

/** 国家临床版 2.0 (ICD-10 national clinical edition): I21.000, I21.000x001; the x is lower case. */
export const ICD10_CN_CLINICAL_PATTERN = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,3}(x[0-9]{3})?)?$/;

/** A diagnosis code as both editions write it: capitals, but the extension's x in lower case. */
export function normalizeIcd10(code: string): string {
  return code
    .trim()
    .toUpperCase()
    .replace(/X([0-9]{3})$/, 'x$1');
}
