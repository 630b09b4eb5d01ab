// Conversations: how many SMS the text becomes, shown while typing to an SMS recipient, with a warning past
// about 10 segments (carriers drop or mangle long texts).
import { SMS_SEGMENT_WARNING, smsSegments } from '../../../shared/sms-segments'

export function SegmentCounter({ text }: { text: string }) {
  if (text === '') return null
  const { segments, remaining, encoding } = smsSegments(text)
  const long = segments > SMS_SEGMENT_WARNING
  return (
    <p
      className={`segment-counter${long ? ' segment-counter--warn' : ''}`}
      data-testid="sms-segments"
      aria-live="polite"
    >
      {segments === 1 ? '1 text message' : `${segments} text messages`} · {remaining} characters left
      {encoding === 'UCS-2' ? ' (emoji or special characters use shorter segments)' : ''}
      {long ? '. Long texts often fail by SMS: shorten it or send a file.' : ''}
    </p>
  )
}
