// The renderer bench's scroll runs taken in turn are reported as one count per side (no timing here).
import { describe, expect, it } from 'vitest'
import { sumFrameCounts, type FrameCounts } from '../../../bench/frames'

const run = (counts: Partial<FrameCounts>): FrameCounts => ({
  frames: 0,
  over33: 0,
  over50: 0,
  gap: 0,
  longest: 0,
  placeholderFrames: 0,
  ...counts,
})

describe('sumFrameCounts', () => {
  it('adds the counts and keeps the longest gap and task of any run', () => {
    const total = sumFrameCounts([
      run({ frames: 900, over33: 20, over50: 2, gap: 66.7, longest: 0, placeholderFrames: 1 }),
      run({ frames: 850, over33: 31, over50: 5, gap: 50.1, longest: 57, placeholderFrames: 3 }),
    ])
    expect(total).toEqual({
      frames: 1750,
      over33: 51,
      over50: 7,
      gap: 66.7,
      longest: 57,
      placeholderFrames: 4,
    })
  })

  it('gives zeros for no runs', () => {
    expect(sumFrameCounts([])).toEqual(run({}))
  })
})
