// The built renderer in Chromium against the real main services and the demo sandbox: (1) time from the
// 10,000-message chat's data arriving to the painted thread (the renderer's own User Timing measure), median
// of several opens with the app in use (other chats opened first), target ≤ 1.1× the floor (3), and the
// same for the first chat opened after the app starts, target ≤ 1.25× the floor (and, reported only, that
// first open clicked the moment the chat list shows); (2) frame gaps while
// scrolling that chat from the bottom to the very first message, loading older pages as it goes: at a
// reading pace no more gaps over 50 ms (and over 33 ms) than a plain-HTML list of the same rows scrolled the
// same way, in turn with it (app, list, app, list), and at scrollbar drag speed no task over 50 ms. (3) The floor for (1) on this
// machine: the same rows as plain HTML, sampled between the opens so it sees the same host load.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { chromiumLaunch } from '../../playwright.config'
import { startWebApp } from '../../src/main/web/start'
import {
  heapAfterGc,
  plainListScroll,
  scrollUp,
  startFrameMeter,
  sumFrameCounts,
  type FrameCounts,
} from './frames'
import { quantile } from './stats'
import { ratioRow, type BenchRow } from './types'

// Enough opens for a steady median on a noisy machine: single opens here vary by 2× from one to the next.
const OPENS = 15
/** Floor samples taken with each open, right after it. */
const FLOOR_SAMPLES_PER_OPEN = 3
/** Chats opened before the measured open when the app is in use: enough for the thread's code to be warm. */
const CHATS_OPENED_BEFORE = 4

interface Open {
  open: number
  rows: number
}

const ROW = '[data-testid="chat-row"]'
/** A chat's row in the chat list. */
function chatRow(page: Page, chatId: string | number) {
  return page.locator(`${ROW}[data-chat-id="${chatId}"]`)
}
const progress = (step: string) => process.stdout.write(`  … ${step}\n`)

/** The data → painted measure of the next chat opened by `click`. */
async function measureOpen(page: Page, click: () => Promise<void>): Promise<Open> {
  // Waits with a PerformanceObserver, not waitForFunction: polling every frame would itself slow the frames.
  const measured = page.evaluate(
    `new Promise((resolve) => new PerformanceObserver((list, observer) => {
      const entry = list.getEntriesByName('linq:thread-open')[0]
      if (!entry) return
      observer.disconnect()
      const rows = performance.getEntriesByName('linq:thread-rows').at(-1)
      resolve({ open: entry.duration, rows: rows ? rows.startTime - entry.startTime : NaN })
    }).observe({ type: 'measure' }))`,
  ) as Promise<Open>
  await click()
  return measured
}

/**
 * Waits until the app has finished what the last step set off (the previous open's overscan rows and scroll
 * settling, the start-up sync) and the main thread is idle: nobody clicks within a frame of the last paint.
 */
function settle(page: Page): Promise<unknown> {
  return page.evaluate(
    'new Promise((resolve) => setTimeout(() => requestIdleCallback(resolve, { timeout: 2000 }), 250))',
  )
}

/** When the open starts, after a fresh load: once the app is idle, or as soon as the chat list shows. */
type OpenWhen = 'in use' | 'after start' | 'right after the list shows'

interface FirstOpen extends Open {
  /** The thread warm-up's end (ThreadWarmup), ms after the chat list showed; NaN if it had not run. */
  warmedAfter: number
}

/**
 * Opens the big chat in a freshly loaded app. The first chat opened after the app starts pays for the page
 * being cold (the app warms the thread up in idle time once the chat list is up); `in use` first opens other
 * chats, as someone using the app all day has, so the measured open is what every later open costs. `right
 * after the list shows` clicks as soon as the chat list is there, before the app had any idle time.
 */
async function openBigChat(page: Page, bigChatId: number, when: OpenWhen): Promise<FirstOpen> {
  await page.reload()
  await page.getByTestId('chat-row').first().waitFor()
  const listShown = (await page.evaluate('performance.now()')) as number
  if (when === 'in use') {
    const others = (
      await page
        .getByTestId('chat-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-chat-id')))
    ).filter((id): id is string => id !== null && id !== String(bigChatId))
    for (const id of others.slice(0, CHATS_OPENED_BEFORE)) {
      await settle(page)
      await measureOpen(page, () => chatRow(page, id).click())
    }
  }
  if (when !== 'right after the list shows') await settle(page)
  const warmed = (await page.evaluate(
    // THREAD_WARMED_MARK (src/renderer/state/actions/thread.ts).
    `performance.getEntriesByName('linq:thread-warmed')[0]?.startTime ?? NaN`,
  )) as number
  const open = await measureOpen(page, () => chatRow(page, bigChatId).click())
  return { ...open, warmedAfter: warmed - listShown }
}

/**
 * This machine's floor for the open: the thread's rendered rows inserted again as plain HTML (no React, no
 * virtualizer, text already shaped once), timed the same way from insertion to the painted frame. No renderer
 * code can open the chat faster than the browser inserts and paints the same rows.
 */
async function staticRowsFloor(page: Page, samples: number): Promise<number[]> {
  await settle(page)
  // A string, not a function: the TypeScript runner would wrap named functions in a helper the page lacks.
  return page.evaluate(`(async () => {
    const scroller = document.querySelector('[data-testid="message-scroller"]')
    // The page's CSP refuses style attributes in parsed HTML, so the rows' positions are set again through
    // the CSSOM, as React sets them: same nodes, same layout, no CSP errors.
    const styles = [...scroller.querySelectorAll('[style]')].map((el) => el.getAttribute('style'))
    let styled = 0
    const html = scroller.innerHTML.replace(/ style="[^"]*"/g, () => ' data-floor-style="' + styled++ + '"')
    if (styled !== styles.length) throw new Error("floor: could not match the rows' styles")
    const top = scroller.scrollTop
    scroller.style.visibility = 'hidden'
    const times = []
    for (let i = 0; i < ${samples}; i++) {
      // A random phase against the display's frames, as data arriving from main has.
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 17))
      const copy = document.createElement('div')
      copy.className = 'message-scroller'
      copy.style.cssText = 'position: absolute; inset: 0'
      const start = performance.now()
      copy.innerHTML = html
      for (const el of copy.querySelectorAll('[data-floor-style]')) el.style.cssText = styles[el.dataset.floorStyle]
      scroller.parentElement.append(copy)
      copy.scrollTop = top
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))
      times.push(performance.now() - start)
      copy.remove()
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    }
    scroller.style.visibility = ''
    return times
  })()`) as Promise<number[]>
}

interface ScrollRun extends FrameCounts {
  reachedTop: boolean
  seconds: number
  nodes: number
}

/** App and plain-list scrolls per pace, taken in turn (A/B/A/B) so a change in host load hits both alike. */
const SCROLL_ROUNDS = 2

interface ScrollPair {
  app: ScrollRun
  plain: FrameCounts
  /** Each round's frames over 33 ms and over 50 ms, app then plain list. */
  rounds: string
}

async function scrollToTop(
  page: Page,
  bigChatId: number,
  firstId: string,
  stepPx: number,
): Promise<ScrollRun> {
  await page.reload()
  await chatRow(page, bigChatId).click()
  await page.locator('[data-testid="message-scroller"] [data-testid="message"]').first().waitFor()
  const meter = await startFrameMeter(page)
  const started = Date.now()
  const reachedTop = await scrollUp(
    page,
    '[data-testid="message-scroller"]',
    stepPx,
    `[data-testid="message"][data-message-id="${firstId}"]`,
  )
  const seconds = (Date.now() - started) / 1000
  const nodes = await page.locator('[data-testid="message"]').count()
  return { reachedTop, seconds, nodes, ...(await meter.read()) }
}

/** Scrolls the app and the plain list of the same rows in turn, SCROLL_ROUNDS times each, and sums the counts. */
async function scrollPair(
  page: Page,
  plainPage: Page,
  bigChatId: number,
  firstId: string,
  texts: readonly string[],
  stepPx: number,
): Promise<ScrollPair> {
  const apps: ScrollRun[] = []
  const plains: FrameCounts[] = []
  for (let round = 0; round < SCROLL_ROUNDS; round++) {
    apps.push(await scrollToTop(page, bigChatId, firstId, stepPx))
    plains.push(await plainListScroll(plainPage, texts, stepPx))
  }
  const app: ScrollRun = {
    ...sumFrameCounts(apps),
    reachedTop: apps.every((run) => run.reachedTop),
    seconds: apps.reduce((sum, run) => sum + run.seconds, 0),
    nodes: apps.at(-1)!.nodes,
  }
  const rounds = apps
    .map((run, i) => `${run.over33}/${run.over50} vs ${plains[i]!.over33}/${plains[i]!.over50}`)
    .join(', ')
  return { app, plain: sumFrameCounts(plains), rounds }
}

/**
 * Reading pace: judged against the plain-HTML list scrolled the same way in the same run (no more frame gaps
 * over 50 ms, nor over 33 ms, than it has), since on this machine even that list misses frames when the host
 * is busy; the absolute counts are reported too. Drag speed: by the longest task, as before.
 */
function scrollResult(
  pace: string,
  { app: run, plain: floor, rounds }: ScrollPair,
  reading: boolean,
): BenchRow {
  return {
    name: `renderer: frames over 50 ms scrolling the 10,000-message chat from bottom to top ${pace} (${SCROLL_ROUNDS} runs, in turn with the floor); floor: a plain-HTML list of its rows scrolled the same way`,
    value: run.over50,
    unit: 'frames',
    floor: floor.over50,
    ratio: floor.over50 > 0 ? run.over50 / floor.over50 : undefined,
    target: reading ? "gaps over 50 ms and over 33 ms ≤ the plain list's" : 'no task over 50 ms',
    met:
      run.reachedTop &&
      (reading ? run.over50 <= floor.over50 && run.over33 <= floor.over33 : run.longest <= 50),
    detail:
      `${run.reachedTop ? 'reached the first message' : 'did NOT reach the first message'} in ` +
      `${run.seconds.toFixed(1)} s, ${run.frames} frames: ${run.over33} over 33 ms (plain list ${floor.over33} ` +
      `of ${floor.frames}), longest gap ${run.gap.toFixed(1)} ms (plain ${floor.gap.toFixed(1)}), longest task ` +
      `${run.longest.toFixed(0)} ms (Long Tasks API: 0 means none reached 50 ms); placeholders drawn in ` +
      `${run.placeholderFrames} frames; ${run.nodes} message nodes in the DOM at the end; per round, frames ` +
      `over 33/50 ms app vs plain list: ${rounds}`,
  }
}

/**
 * Heap after 5 and after 50 chat switches (each after a GC) among 5 chats: after 5 every chat has been opened
 * once, so what the app keeps per chat is in both; a leak per switch shows as growth.
 */
async function switchingHeap(page: Page, chatIds: string[]): Promise<BenchRow> {
  await page.reload()
  await page.getByTestId('chat-row').first().waitFor()
  let after5 = 0
  for (let i = 1; i <= 50; i++) {
    // The chat the app reopened after the reload may be the next in turn: wait for the row, not a measure.
    const row = chatRow(page, chatIds[i % chatIds.length]!)
    await row.click()
    await page.locator(`${ROW}[aria-current="true"]`).and(row).waitFor()
    await settle(page)
    if (i === 5) after5 = await heapAfterGc(page)
  }
  await settle(page)
  const after50 = await heapAfterGc(page)
  const ratio = after50 / after5
  return {
    name: `renderer: JS heap after 50 chat switches (after a GC); floor: after 5 (${chatIds.length} chats in turn, the 10,000-message chat among them)`,
    value: after50,
    unit: 'MB',
    floor: after5,
    ratio,
    target: 'within ±10% of floor',
    met: Math.abs(ratio - 1) <= 0.1,
  }
}

export default async function rendererBench(): Promise<BenchRow[]> {
  if (!existsSync(join('out', 'renderer', 'index.html'))) {
    throw new Error('Build the app first (npm run build): the benchmark drives the built renderer.')
  }
  const app = await startWebApp({ demo: { seed: 1, activity: false } })
  const browser = await chromium.launch(chromiumLaunch)
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(app.url)
    await page.getByRole('button', { name: 'Try the demo workspace' }).click()
    await page.getByTestId('chat-row').first().waitFor()
    const bigChatId = app.core.demoSandbox()!.state.bigChatId
    // Let the first sync settle so the measured opens see a quiet app.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="sync-status"]')?.getAttribute('data-state') === 'online',
    )

    // Both kinds of open and the floor interleaved, so all three see the same host load.
    const inUse: Open[] = []
    const afterStart: FirstOpen[] = []
    const rightAway: FirstOpen[] = []
    const floorSamples: number[] = []
    for (let i = 0; i < OPENS; i++) {
      inUse.push(await openBigChat(page, bigChatId, 'in use'))
      floorSamples.push(...(await staticRowsFloor(page, FLOOR_SAMPLES_PER_OPEN)))
      afterStart.push(await openBigChat(page, bigChatId, 'after start'))
      rightAway.push(await openBigChat(page, bigChatId, 'right after the list shows'))
    }
    progress('opens and floor done')
    const sorted = <T extends Open>(samples: T[], key: keyof T) =>
      samples.map((s) => s[key] as number).sort((a, b) => a - b)
    const opens = sorted(inUse, 'open')
    const firstOpens = sorted(afterStart, 'open')
    const rightAwayOpens = sorted(rightAway, 'open')
    const warmedAfter = sorted(afterStart, 'warmedAfter').filter((ms) => !Number.isNaN(ms))
    const median = quantile(opens, 0.5)
    const floor = floorSamples.sort((a, b) => a - b)
    const floorMedian = quantile(floor, 0.5)

    // Scroll from the newest message to the first, a step per frame: once at a reading pace (every frame
    // renders real messages) and once as fast as a scrollbar drag (rows may be drawn as placeholders while
    // each frame shows a whole new screen). Each starts from a fresh page with the chat open at its newest.
    const bigChat = app.core.demoSandbox()!.state.messagesOf(bigChatId)
    const firstId = String(bigChat[0]!.id)
    const texts = bigChat.map((m) => m.text ?? '')
    const plainPage = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const readable = await scrollPair(page, plainPage, bigChatId, firstId, texts, 400)
    const drag = await scrollPair(page, plainPage, bigChatId, firstId, texts, 1_500)
    await plainPage.close()
    progress('scrolled the app and the plain list in turn at both paces')
    const switched = (
      await page
        .getByTestId('chat-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-chat-id')))
    )
      .filter((id): id is string => id !== null)
      .slice(0, 4)
    const memory = await switchingHeap(
      page,
      [String(bigChatId), ...switched.filter((id) => id !== String(bigChatId))].slice(0, 5),
    )
    const floorDetail =
      `floor: the same rows inserted as plain HTML, no script → painted, median of ${floor.length} taken ` +
      `between the opens (${floor[0]!.toFixed(1)}–${floor[floor.length - 1]!.toFixed(1)} ms)`
    return [
      ratioRow({
        name: `renderer: 10,000-message chat, data arrival → painted thread, the app in use (median of ${OPENS} opens, each after ${CHATS_OPENED_BEFORE} other chats)`,
        value: median,
        floor: floorMedian,
        unit: 'ms',
        max: 1.1,
        detail:
          `all opens: ${opens.map((o) => o.toFixed(1)).join(', ')} ms; of which data → rows rendered ` +
          `(median) ${quantile(sorted(inUse, 'rows'), 0.5).toFixed(1)} ms; ${floorDetail}`,
      }),
      ratioRow({
        name: `renderer: the same open as the first chat opened after the app starts (median of ${OPENS})`,
        value: quantile(firstOpens, 0.5),
        floor: floorMedian,
        unit: 'ms',
        max: 1.25,
        detail:
          `all opens: ${firstOpens.map((o) => o.toFixed(1)).join(', ')} ms; of which data → rows rendered ` +
          `(median) ${quantile(sorted(afterStart, 'rows'), 0.5).toFixed(1)} ms; each after the chat list ` +
          `showed and the app was idle (as the in-use opens); the thread warm-up had finished ` +
          `${warmedAfter.length ? quantile(warmedAfter, 0.5).toFixed(0) : '–'} ms (median; ` +
          `${warmedAfter.length ? warmedAfter.at(-1)!.toFixed(0) : '–'} ms at most) after the list showed in ` +
          `${warmedAfter.length} of ${OPENS}`,
      }),
      {
        // Reported, not judged: the target is for a first open at the pace a person clicks.
        name: `renderer: the same first open, clicked as soon as the chat list shows (median of ${OPENS})`,
        value: quantile(rightAwayOpens, 0.5),
        floor: floorMedian,
        ratio: quantile(rightAwayOpens, 0.5) / floorMedian,
        unit: 'ms',
        detail:
          `all opens: ${rightAwayOpens.map((o) => o.toFixed(1)).join(', ')} ms; of which data → rows ` +
          `rendered (median) ${quantile(sorted(rightAway, 'rows'), 0.5).toFixed(1)} ms; a click this early ` +
          `may come before the app's idle-time warm-up of the thread`,
      },
      scrollResult('at a reading pace, 400 px a frame', readable, true),
      scrollResult('dragging the scrollbar, 1,500 px a frame', drag, false),
      memory,
    ]
  } finally {
    await browser.close()
    await app.close()
  }
}
