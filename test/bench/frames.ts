// Frame and memory meters for the renderer bench, in the page through Playwright: the frames drawn while
// scrolling (gaps over 33 and 50 ms, the longest task), the same scroll over a plain-HTML list of the same
// rows (the floor: what the browser alone does), and the JS heap after a GC through the DevTools protocol.
import type { Page } from '@playwright/test'

export interface FrameCounts {
  frames: number
  /** Frame gaps over 33 ms (two frames missed at 60 Hz) and over 50 ms. */
  over33: number
  over50: number
  gap: number
  /** Longest main-thread task (Long Tasks API: 0 means none reached 50 ms). */
  longest: number
  placeholderFrames: number
}

// A string, not a function: the TypeScript runner would wrap named functions in a helper the page lacks.
const START_METER = `
  window.__meter = { frames: 0, over33: 0, over50: 0, gap: 0, longest: 0, placeholderFrames: 0 }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__meter.longest = Math.max(window.__meter.longest, entry.duration)
  }).observe({ type: 'longtask', buffered: false })
  let last = performance.now()
  requestAnimationFrame(function frame(now) {
    const meter = window.__meter
    const gap = now - last
    meter.gap = Math.max(meter.gap, gap)
    meter.frames++
    if (gap > 33) meter.over33++
    if (gap > 50) meter.over50++
    if (document.querySelector('.message-list__item--placeholder')) meter.placeholderFrames++
    last = now
    requestAnimationFrame(frame)
  })
`

/** Several runs' counts as one: the counts summed, the longest gap and task the longest of any run. */
export function sumFrameCounts(runs: readonly FrameCounts[]): FrameCounts {
  return {
    frames: runs.reduce((sum, r) => sum + r.frames, 0),
    over33: runs.reduce((sum, r) => sum + r.over33, 0),
    over50: runs.reduce((sum, r) => sum + r.over50, 0),
    gap: Math.max(0, ...runs.map((r) => r.gap)),
    longest: Math.max(0, ...runs.map((r) => r.longest)),
    placeholderFrames: runs.reduce((sum, r) => sum + r.placeholderFrames, 0),
  }
}

/** Counts frames from now on; `read` gives the counts so far. */
export async function startFrameMeter(page: Page): Promise<{ read: () => Promise<FrameCounts> }> {
  await page.evaluate(START_METER)
  return { read: () => page.evaluate('window.__meter') as Promise<FrameCounts> }
}

/**
 * Scrolls `selector` up by `stepPx` a frame, ten frames per round trip, until the element `until` names is in
 * the DOM (the app loads older pages as it goes, so its top is not the chat's first message), or until the top
 * when `until` is null; gives up after 3 minutes. Returns whether it got there.
 */
export async function scrollUp(
  page: Page,
  selector: string,
  stepPx: number,
  until: string | null,
): Promise<boolean> {
  const started = Date.now()
  while (Date.now() - started < 180_000) {
    const reached = await page.evaluate(
      async ({ selector, step, until }) => {
        const scroller = document.querySelector<HTMLElement>(selector)!
        for (let i = 0; i < 10; i++) {
          scroller.scrollTop = Math.max(0, scroller.scrollTop - step)
          await new Promise(requestAnimationFrame)
        }
        return until === null ? scroller.scrollTop === 0 : document.querySelector(until) !== null
      },
      { selector, step: stepPx, until },
    )
    if (reached) return true
  }
  return false
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)

/**
 * The floor for the scroll: the same messages' text as a plain-HTML list (no script, every row in the DOM),
 * scrolled from the bottom to the top the same way. What the browser alone drops, no renderer code can avoid.
 */
export async function plainListScroll(
  page: Page,
  texts: readonly string[],
  stepPx: number,
): Promise<FrameCounts> {
  const rows = texts
    .map(
      (text, i) =>
        `<div class="row ${i % 2 ? 'me' : ''}"><p>${escape(text)}</p><time>10:0${i % 10}</time></div>`,
    )
    .join('')
  await page.setContent(
    `<!doctype html><style>
      body { margin: 0; font: 14px system-ui, sans-serif }
      #list { height: 100vh; overflow: auto }
      .row { display: flex; flex-direction: column; align-items: flex-start; padding: 2px 16px }
      .row.me { align-items: flex-end }
      .row p { margin: 0; max-width: 60%; padding: 6px 12px; border-radius: 16px; background: #e5e5ea }
      .row time { font-size: 11px; color: #666 }
    </style><div id="list">${rows}</div>`,
  )
  await page.evaluate(() => {
    const list = document.getElementById('list')!
    list.scrollTop = list.scrollHeight
  })
  const meter = await startFrameMeter(page)
  await scrollUp(page, '#list', stepPx, null)
  return meter.read()
}

/** The page's used JS heap after a full GC, in MB. */
export async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  try {
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    return usedSize / 1024 / 1024
  } finally {
    await cdp.detach()
  }
}
