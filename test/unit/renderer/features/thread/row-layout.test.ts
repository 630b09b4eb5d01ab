import { describe, expect, it } from 'vitest'
import type { Attachment, Message } from '../../../../../src/shared/domain'
import {
  bubbleTextWidth,
  estimateRowHeight,
  GROUP_GAP_MS,
  messageBreaks,
  rowBreaks,
  senderOf,
  type RowBreaks,
} from '../../../../../src/renderer/features/thread/row-layout'
import { makeMessage } from '../../fake-linq'

const NOON = new Date(2026, 10, 6, 12, 0).getTime()
const WIDE = bubbleTextWidth(900, 1280)
const CONTINUES: RowBreaks = { newDay: false, startsGroup: false }
const STARTS: RowBreaks = { newDay: false, startsGroup: true }

function message(partial: Partial<Message> = {}): Message {
  return makeMessage({
    id: '1',
    chatId: 'c',
    text: 'Hello there',
    sentAt: new Date(NOON).toISOString(),
    ...partial,
  })
}

function file(id: string): Attachment {
  return { id, filename: `${id}.pdf`, mimeType: 'application/pdf', sizeBytes: 100, src: 'x', remoteUrl: null }
}

describe('rowBreaks', () => {
  it('starts a day and a group at the first message', () => {
    expect(rowBreaks(NOON, 'a', null)).toEqual({ newDay: true, startsGroup: true })
  })

  it('continues a group from the same sender within the gap, and starts one otherwise', () => {
    expect(rowBreaks(NOON, 'a', { time: NOON - 60_000, sender: 'a' })).toEqual(CONTINUES)
    expect(rowBreaks(NOON, 'a', { time: NOON - 60_000, sender: 'b' })).toEqual(STARTS)
    expect(rowBreaks(NOON, 'a', { time: NOON - GROUP_GAP_MS - 1, sender: 'a' })).toEqual(STARTS)
  })

  it('starts a day (and so a group) after midnight', () => {
    const yesterday = new Date(2026, 10, 5, 23, 59).getTime()
    expect(rowBreaks(NOON - 12 * 3_600_000 + 60_000, 'a', { time: yesterday, sender: 'a' })).toEqual({
      newDay: true,
      startsGroup: true,
    })
  })

  it('reads the breaks off two messages', () => {
    const first = message({ id: '1', isFromMe: true })
    const next = message({ id: '2', isFromMe: true, sentAt: new Date(NOON + 60_000).toISOString() })
    expect(messageBreaks(first, undefined)).toEqual({ newDay: true, startsGroup: true })
    expect(messageBreaks(next, first)).toEqual(CONTINUES)
  })

  it('treats every own message as one sender', () => {
    expect(senderOf(message({ isFromMe: true, from: '+1' }))).toBe(
      senderOf(message({ isFromMe: true, from: '+2' })),
    )
    expect(senderOf(message({ from: '+1' }))).not.toBe(senderOf(message({ from: '+2' })))
  })
})

describe('estimateRowHeight', () => {
  const oneLine = estimateRowHeight(message(), CONTINUES, false, WIDE)

  it('matches the stylesheet for a one-line message, and more space above the first of a group', () => {
    // Bubble 48 (padding, a 14 px line at 1.4, the time line) plus 2 above; 8 above a group's first.
    expect(oneLine).toBe(50)
    expect(estimateRowHeight(message(), STARTS, false, WIDE)).toBe(56)
  })

  it('adds the date separator, the sender name (others, in groups only) and the reactions', () => {
    expect(estimateRowHeight(message(), { newDay: true, startsGroup: true }, false, WIDE)).toBe(97)
    expect(estimateRowHeight(message(), STARTS, true, WIDE)).toBe(75)
    expect(estimateRowHeight(message({ isFromMe: true }), STARTS, true, WIDE)).toBe(56)
    const reaction = { id: 'r', type: 'love' as const, isFromMe: true, from: '', sentAt: '' }
    expect(estimateRowHeight(message({ reactions: [reaction] }), CONTINUES, false, WIDE)).toBe(70)
  })

  it('counts wrapped and explicit lines', () => {
    const perLine = Math.floor(WIDE / 7)
    expect(estimateRowHeight(message({ text: 'x'.repeat(perLine) }), CONTINUES, false, WIDE)).toBe(oneLine)
    expect(estimateRowHeight(message({ text: 'x'.repeat(perLine + 1) }), CONTINUES, false, WIDE)).toBe(69)
    expect(estimateRowHeight(message({ text: 'a\nb\nc' }), CONTINUES, false, WIDE)).toBe(89)
    // A narrower thread wraps the same text into more lines.
    const long = message({ text: 'word '.repeat(40) })
    expect(estimateRowHeight(long, CONTINUES, false, bubbleTextWidth(400, 1280))).toBeGreaterThan(
      estimateRowHeight(long, CONTINUES, false, WIDE),
    )
  })

  it('reserves image boxes from their metadata and file chips at their height', () => {
    const image: Attachment = { ...file('i'), mimeType: 'image/png', width: 480, height: 400 }
    // 480 × 400 scales to 240 × 200; with no text the bubble is the image and the time line.
    expect(estimateRowHeight(message({ text: '', attachments: [image] }), CONTINUES, false, WIDE)).toBe(230)
    // A chip and text: chip 48, 4 under it, then the line.
    expect(estimateRowHeight(message({ attachments: [file('f')] }), CONTINUES, false, WIDE)).toBe(102)
    expect(
      estimateRowHeight(message({ text: '', attachments: [file('f'), file('g')] }), CONTINUES, false, WIDE),
    ).toBe(130)
  })
})

describe('bubbleTextWidth', () => {
  it('is capped by the bubble, and by a narrow thread or window', () => {
    expect(bubbleTextWidth(1400, 1920)).toBe(552)
    expect(bubbleTextWidth(500, 1280)).toBe(500 - 32 - 68 - 24)
    expect(bubbleTextWidth(900, 500)).toBe(500 * 0.75 - 24)
  })

  it('uses the window before the thread was ever measured, and never goes below a few characters', () => {
    expect(bubbleTextWidth(0, 600)).toBe(bubbleTextWidth(600, 600))
    expect(bubbleTextWidth(50, 60)).toBe(56)
  })
})
