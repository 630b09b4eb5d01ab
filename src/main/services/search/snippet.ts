// A hit's snippet: a window of the message's text around the first matched word, as segments the renderer
// shows as text with the matched words marked (never HTML). A word is matched when one of its terms begins
// with one of the query's terms, which is how the index matched it.
import type { SnippetSegment } from '../../../shared/domain'
import { termSpans, tokenize } from './tokenize'

const BEFORE = 40
const LENGTH = 160

/** The last query's terms: one query makes a snippet for each of its hits. */
let last = { query: '', wanted: [] as string[], firsts: new Set<string>() }

export function snippet(text: string, query: string): SnippetSegment[] {
  if (query !== last.query) {
    const terms = tokenize(query)
    last = { query, wanted: terms, firsts: new Set(terms.map((t) => t[0]!)) }
  }
  const { wanted, firsts } = last
  const marks = termSpans(text, firsts).filter((span) =>
    span.terms.some((term) => wanted.some((w) => term.startsWith(w))),
  )
  marks.sort((a, b) => a.start - b.start)
  const first = marks[0]?.start ?? 0
  let start = Math.max(0, first - BEFORE)
  // Start at a word boundary, not inside a word.
  if (start > 0) start = text.indexOf(' ', start) + 1 || start
  const end = Math.min(text.length, start + LENGTH)
  const segments: SnippetSegment[] = []
  const push = (part: string, marked: boolean) => {
    if (part.length > 0) segments.push({ text: part, marked })
  }
  let at = start
  for (const mark of marks) {
    if (mark.start < at || mark.start >= end) continue
    push(text.slice(at, mark.start), false)
    push(text.slice(mark.start, Math.min(mark.end, end)), true)
    at = Math.min(mark.end, end)
  }
  push(text.slice(at, end), false)
  if (start > 0) segments.unshift({ text: '…', marked: false })
  if (end < text.length) segments.push({ text: '…', marked: false })
  return segments
}
