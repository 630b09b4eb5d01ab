// Where a thread row breaks (a new day, a new sender group) and how tall it will be before it is measured.
// The closer the estimate, the less the virtualized list corrects itself after measuring (each correction
// re-renders and re-lays out rows while the chat opens or scrolls) and the truer the scrollbar.
import type { Message } from '../../../shared/domain'
import { dayNumber } from '../../ui/format'
import { imageBox, isInlineImage } from './attachment-box'

/**
 * Rows the thread renders beyond each edge of the viewport, once its first frame has painted. Rows follow a
 * scroll one frame late (use-thread-virtualizer renders without flushSync): 8 cover 400 px a frame, a fast
 * reading pace.
 */
export const OVERSCAN = 8

/** Consecutive messages from one sender closer than this share a group. */
export const GROUP_GAP_MS = 5 * 60_000

/** Who sent a message, as far as grouping cares: every own message is the same sender. */
export function senderOf(message: Pick<Message, 'isFromMe' | 'from'>): string {
  return message.isFromMe ? '' : message.from
}

export interface RowBreaks {
  /** A date separator goes above the message. */
  newDay: boolean
  /** First of a run from the same sender: more space above, and the sender's name in groups. */
  startsGroup: boolean
}

export function rowBreaks(
  time: number,
  sender: string,
  previous: { time: number; sender: string } | null,
): RowBreaks {
  if (previous === null) return { newDay: true, startsGroup: true }
  const newDay = dayNumber(previous.time) !== dayNumber(time)
  return {
    newDay,
    startsGroup: newDay || previous.sender !== sender || time - previous.time > GROUP_GAP_MS,
  }
}

/** Where `message` breaks after `previous` (the row above it, if any). */
export function messageBreaks(message: Message, previous: Message | undefined): RowBreaks {
  return rowBreaks(
    Date.parse(message.sentAt),
    senderOf(message),
    previous ? { time: Date.parse(previous.sentAt), sender: senderOf(previous) } : null,
  )
}

// Heights in CSS pixels, from global.css at the default font size (14 px text at line-height 1.4).
const TEXT_LINE = 19.6
/** Bubble padding (2 × 7) plus the time line under the text (1 + 11 × 1.2). */
const BUBBLE_CHROME = 28.2
/** The action buttons' box sets the least height of a message line. */
const ACTION_BOX = 32
const GROUP_GAP = 8
const ROW_GAP = 2
const DAY_SEPARATOR = 40.8
const SENDER_NAME = 18.8
const REACTIONS = 20
const FILE_CHIP = 48
/** Between attachments, and under the last one when text follows. */
const ATTACHMENT_GAP = 4
/** Average advance of the system font at 14 px: enough to count wrapped lines roughly. */
const CHAR_WIDTH = 7
/** Bubble width cap (36rem) less its horizontal padding. */
const BUBBLE_TEXT_MAX = 576 - 24

/** Width available to a bubble's text in a thread `listWidth` wide, in a window `windowWidth` wide. */
export function bubbleTextWidth(listWidth: number, windowWidth: number): number {
  // The row's padding (2 × 16), the action buttons' box (64) and its gap (4); the line caps at 46rem.
  // Before the thread was ever measured, the window stands in for it.
  const line = Math.min((listWidth > 0 ? listWidth : windowWidth) - 32, 736) - 68
  return Math.max(CHAR_WIDTH * 8, Math.min(BUBBLE_TEXT_MAX, windowWidth * 0.75 - 24, line - 24))
}

function textLines(text: string, textWidth: number): number {
  const perLine = Math.max(1, Math.floor(textWidth / CHAR_WIDTH))
  let lines = 0
  for (const line of text.split('\n')) lines += Math.max(1, Math.ceil(line.length / perLine))
  return lines
}

/** The estimated height of a message's row, given where it breaks and the bubble text width. */
export function estimateRowHeight(
  message: Message,
  breaks: RowBreaks,
  isGroupChat: boolean,
  textWidth: number,
): number {
  const hasText = message.text.trim() !== ''
  let bubble = BUBBLE_CHROME
  if (hasText) bubble += textLines(message.text, textWidth) * TEXT_LINE
  message.attachments.forEach((attachment, i) => {
    if (i > 0) bubble += ATTACHMENT_GAP
    bubble += isInlineImage(attachment) ? imageBox(attachment).height : FILE_CHIP
  })
  if (message.attachments.length > 0 && hasText) bubble += ATTACHMENT_GAP
  let height = Math.max(bubble, ACTION_BOX)
  height += breaks.startsGroup ? GROUP_GAP : ROW_GAP
  if (breaks.newDay && !Number.isNaN(Date.parse(message.sentAt))) height += DAY_SEPARATOR
  if (breaks.startsGroup && isGroupChat && !message.isFromMe) height += SENDER_NAME
  if (message.reactions.length > 0) height += REACTIONS
  // Measured heights are whole pixels (offsetHeight): an estimate that is right costs no correction.
  return Math.round(height)
}
