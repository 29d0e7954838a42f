// 统一社会信用代码 (GB 32100-2015): 18 characters from 31 (digits and capitals without I, O, Z, S,
// V): the registering authority and the kind of body (2), the administrative division (6, GB/T 2260),
// the organization code (9, GB 11714) and a check character. The check character is
// 31 − (Σ value(cᵢ)·3^(i−1) mod 31), over the first 17, where 31 counts as 0.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The shape of a 统一社会信用代码 without its check: 2 characters, 6 digits, 10 characters. */
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function checkCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** True when the code has the GB 32100 form and the right check character (capitals only). */
export function isValidUscc(code: string): boolean {
  return USCC_PATTERN.test(code) && checkCharacter(code.slice(0, 17)) === code[17];
}

/** Appends the check character to 17 characters (for tests and demo data). */
export function withUsccCheck(first17: string): string {
  const c = checkCharacter(first17);
  if (first17.length !== 17 || c === undefined) throw new Error(`not 17 GB 32100 characters: ${first17}`);
  return first17 + c;
}

/**
 * 医疗机构执业许可证登记号: printed on the licence, of varying form across provinces and years
 * (digits, capitals and hyphens, commonly 22 to 23 characters): checked for shape only.
 */
export const MEDICAL_LICENSE_PATTERN = /^[0-9A-Z][0-9A-Z-]{5,39}$/;

/** 医师 (or 护士) 执业证书编码: 15 digits in practice; letters and other lengths are tolerated. */
export const PRACTITIONER_ID_PATTERN = /^[0-9A-Z]{6,30}$/;
