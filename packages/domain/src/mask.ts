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
