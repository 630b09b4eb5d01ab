// A hit's snippet: its segments as text, the matched words in <mark>. Never HTML from the message.
import type { SnippetSegment } from '../../../shared/domain'

export function Snippet({ segments }: { segments: SnippetSegment[] }) {
  return (
    <span className="search-snippet">
      {segments.map((segment, i) => (segment.marked ? <mark key={i}>{segment.text}</mark> : segment.text))}
    </span>
  )
}
