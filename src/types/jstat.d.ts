/**
 * Minimal declarations for the parts of jstat (1.9.6, no bundled types) that the analysis uses. In ESM the
 * default import is the CommonJS module object, whose `jStat` property holds the distributions.
 */
declare module 'jstat' {
  interface StudentT {
    /** Quantile: the t with P(T <= t) = p for df degrees of freedom. */
    inv(p: number, df: number): number;
    /** Distribution function P(T <= t) for df degrees of freedom. */
    cdf(t: number, df: number): number;
  }
  const jstat: { jStat: { studentt: StudentT } };
  export default jstat;
}
