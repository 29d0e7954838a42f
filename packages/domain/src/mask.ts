// Masking of personal identifiers for lists and logs (PIPL): keep enough to recognise,
// never enough to use.

/** 13812345678 -> 138****5678; short or odd values keep only their last two characters. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const p = phone.trim();
  if (p.length >= 7) return `${p.slice(0, 3)}****${p.slice(-4)}`;
  return `${'*'.repeat(Math.max(p.length - 2, 0))}${p.slice(-2)}`;
}

/** 居民身份证 110101199003071234 -> 110***********1234 */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return id ?? null;
  const s = id.trim();
  if (s.length <= 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

/** 医保号: masked as the identity number is (it is often the same number). */
export function maskInsuranceNo(no: string | null | undefined): string | null {
  return maskIdNumber(no);
}

// An identity number (17 digits and a digit or X) or a mainland mobile number standing on its own
// in free text: not part of a longer run of letters or digits (a UUID, a hash, a code).
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

/** Free text with any identity or mobile number in it masked, the rest as it was. */
export function maskNumbersInText(text: string): string {
  return text.replace(ID_IN_TEXT, (m) => maskIdNumber(m)!).replace(MOBILE_IN_TEXT, (m) => maskPhone(m)!);
}

/** A person's name: 张三明 -> 张*明, 张三 -> 张*, 欧阳小明 -> 欧**明 (first and last character kept). */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return name ?? null;
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}
