// Per-address throttle on sign-in attempts, in memory: it blunts password spraying across many
// accounts, which the per-account lockout alone does not. (Several servers each keep their own.)
export class LoginThrottle {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly max = 30,
    private readonly windowMs = 5 * 60_000,
  ) {}

  /** Records an attempt; false when the address has used up its window. */
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return true;
  }

  private prune(now: number) {
    for (const [k, v] of this.hits) if (v.every((t) => now - t >= this.windowMs)) this.hits.delete(k);
  }
}
