import { describe, expect, it } from 'vitest'
import { ScrollSpeed } from '../../../../../src/renderer/features/thread/scroll-speed'

const VIEWPORT = 600
const FRAME = 1000 / 60
const CONTENT = 200_000

describe('ScrollSpeed', () => {
  it('is too fast to read only above a viewport per frame', () => {
    const speed = new ScrollSpeed()
    let top = 100_000
    let now = 1_000
    speed.note(top, CONTENT, VIEWPORT, now)
    // The first event has nothing to compare with.
    expect(speed.tooFastToRead).toBe(false)
    for (const step of [400, 590, 601, 1_500, 200]) {
      top -= step
      now += FRAME
      speed.note(top, CONTENT, VIEWPORT, now)
      expect(speed.tooFastToRead, `${step} px in a frame`).toBe(step > VIEWPORT)
    }
  })

  it('measures against the time that passed: a long jump after a pause is not a fast scroll', () => {
    const speed = new ScrollSpeed()
    speed.note(50_000, CONTENT, VIEWPORT, 0)
    speed.note(48_000, CONTENT, VIEWPORT, 4 * FRAME)
    // 2,000 px over four frames is 500 px a frame.
    expect(speed.tooFastToRead).toBe(false)
    speed.note(40_000, CONTENT, VIEWPORT, 4 * FRAME + 500)
    expect(speed.tooFastToRead).toBe(false)
  })

  it('does not count the jump that keeps the view still when an older page is prepended above', () => {
    const speed = new ScrollSpeed()
    speed.note(300, CONTENT, VIEWPORT, 0)
    // 5,200 px of older messages arrive above; scrollTop moves by as much, plus the reader's own 40 px.
    speed.note(300 + 5_200 - 40, CONTENT + 5_200, VIEWPORT, FRAME)
    expect(speed.tooFastToRead).toBe(false)
  })
})
