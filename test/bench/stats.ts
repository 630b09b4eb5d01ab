/** The sample at quantile `q` of `sorted` (ascending): 0.5 is the median, 0.95 the 95th percentile. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(sorted.length * q)]!
}
