// The slicer's record of the longest steps (the work between two pause calls): a slice can only be as short
// as its longest step, so the benchmark names them by kind.
import { describe, expect, it } from 'vitest'
import { createSlicer } from '../../../../src/main/services/search/slices'

/** Keeps the thread busy for `ms` (a step of known length). */
const busy = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until);
}

describe('slicer', () => {
  it('keeps the five longest steps, longest first, with their kind', async () => {
    const slicer = createSlicer(1_000)
    // Lengths far apart: a busy loop can only run long (preempted), so the order holds on a loaded machine.
    const lengths = { a: 1, b: 40, c: 2, d: 20, e: 6, f: 60, g: 1 }
    for (const [kind, ms] of Object.entries(lengths)) {
      busy(ms)
      await slicer.pause(kind)
    }
    const steps = slicer.longestSteps()
    expect(steps).toHaveLength(5)
    expect(steps.slice(0, 3).map((s) => s.kind)).toEqual(['f', 'b', 'd'])
    expect(steps.map((s) => s.ms)).toEqual([...steps.map((s) => s.ms)].sort((x, y) => y - x))
    for (const step of steps)
      expect(step.ms).toBeGreaterThanOrEqual(lengths[step.kind as keyof typeof lengths])
  })

  it('a step starts again after a yield: what ran while it yielded is no step', async () => {
    const slicer = createSlicer(1)
    busy(2)
    // Other work queued before the yield runs during it (30 ms of it).
    setImmediate(() => busy(30))
    await slicer.pause('long')
    await slicer.pause('short')
    const short = slicer.longestSteps().find((s) => s.kind === 'short')
    expect(short).toBeDefined()
    expect(short!.ms).toBeLessThan(30)
    expect(slicer.longestSteps()[0]!.kind).toBe('long')
  })
})
