/** One line of `npm run bench`: a measured value (often a ratio against a baseline from the same run). */
export interface BenchResult {
  name: string
  value: number
  unit: string
  /** The goal in words, e.g. "≤ 1.1×". */
  target?: string
  pass?: boolean
  detail?: string
}

export type Bench = () => Promise<BenchResult[]>
