// Outliers among the consortia of a region: a figure further than three scaled median absolute
// deviations from the region's median (robust to the outliers themselves, unlike a z-score).
// With fewer than five values, or no spread at all, nothing is called an outlier.

export const MAD_SCALE = 1.4826; // makes the MAD comparable to a standard deviation for normal data
export const MAD_LIMIT = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** For each value (null = no figure), whether it is an outlier. */
export function outlierFlags(values: (number | null)[]): boolean[] {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 5) return values.map(() => false);
  const m = median(present);
  const mad = median(present.map((v) => Math.abs(v - m))) * MAD_SCALE;
  if (mad === 0) return values.map(() => false);
  return values.map((v) => v !== null && Math.abs(v - m) / mad > MAD_LIMIT);
}
